"""Sending email and SMS in the recipient's language.

Both functions log failures with the user id and re-raise nothing: a lost
message is recoverable with "resend the verification code", an error page
is not.
"""

import logging
import smtplib

from django.template.loader import render_to_string
from django.utils import translation

from notifications.sms import SmsDeliveryError, get_sms_backend

logger = logging.getLogger(__name__)


def send_email(template_prefix: str, *, to: str, language: str, context: dict, user_id=None) -> bool:
    """Render template_prefix_subject.txt and _message.txt in language and send.

    Sending goes through allauth's adapter and so through Django's email
    backend. Returns False when the backend failed.
    """
    from allauth.account.adapter import get_adapter

    with translation.override(language):
        try:
            get_adapter().send_mail(template_prefix, to, context)
        except (smtplib.SMTPException, OSError) as error:
            logger.error(
                "Email %s to user %s failed: %s", template_prefix, user_id, type(error).__name__
            )
            return False
    return True


def send_sms(template_name: str, *, to: str, language: str, context: dict, user_id=None) -> bool:
    """Render template_name in language and send it through the SMS backend."""
    with translation.override(language):
        text = render_to_string(template_name, context).strip()
    try:
        get_sms_backend().send(to, text)
    except SmsDeliveryError as error:
        logger.error("SMS %s to user %s failed: %s", template_name, user_id, error)
        return False
    return True
