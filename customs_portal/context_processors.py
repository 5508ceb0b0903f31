from django.conf import settings

from support.models import SupportContact


def portal(request):
    return {
        "dev_outbox_enabled": settings.DEV_OUTBOX_ENABLED,
        "support_contact": SupportContact.current,
        "sms_verification_enabled": settings.SMS_VERIFICATION_ENABLED,
    }
