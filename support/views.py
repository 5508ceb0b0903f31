from django.shortcuts import render

from support.models import SupportContact, TermsDocument


def support(request):
    return render(request, "support/support.html", {"contact": SupportContact.current()})


def terms(request):
    return render(request, "support/terms.html", {"terms": TermsDocument.current()})
