from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import get_language


class PortalAccountAdapter(DefaultAccountAdapter):
    """Hooks that fit allauth's sign-up and sign-in flows to the portal."""

    def get_login_stages(self):
        # Replaces allauth's email and phone verification stages, which keep
        # the code in the session in clear text, with one stage that requests
        # both codes on one page and stores only their hashes.
        return ["accounts.stages.ContactVerificationStage"]

    def save_user(self, request, user, form, commit=True):
        data = form.cleaned_data
        user.first_name = data["first_name"]
        user.last_name = data["last_name"]
        user.gender = data["gender"]
        user.civil_id = data["civil_id"]
        user.mobile = data["mobile"]
        user.language = get_language() or "ar"
        user = super().save_user(request, user, form, commit=False)
        # allauth lower-cases the whole address; the portal keeps the local
        # part as typed (it may be case-sensitive at the mail server) and
        # lower-cases only the domain, which the form has done.
        user.email = data["email"]
        if commit:
            user.save()
        return user

    def format_email_subject(self, subject):
        return subject
