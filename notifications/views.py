from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from notifications.models import OutboxMessage


@never_cache
def outbox(request):
    """List the captured messages, newest first; exists only while DEBUG is on."""
    if not settings.DEV_OUTBOX_ENABLED:
        raise Http404
    messages = OutboxMessage.objects.all()[:50]
    return render(request, "notifications/outbox.html", {"outbox_messages": messages})
