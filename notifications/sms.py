"""SMS gateway interface and its two implementations.

A backend has one method, send(to, text), where to is an E.164 number. It
raises SmsDeliveryError when the gateway does not accept the message.
"""

import logging

import requests
from django.conf import settings
from django.utils.module_loading import import_string

from notifications.models import OutboxMessage

logger = logging.getLogger(__name__)


class SmsDeliveryError(Exception):
    pass


class OutboxSmsBackend:
    """Stores each SMS in the development outbox instead of sending it."""

    def send(self, to: str, text: str) -> None:
        OutboxMessage.objects.create(channel=OutboxMessage.Channel.SMS, recipient=to, body=text)


class HttpSmsBackend:
    """Posts each SMS as JSON to the gateway at SMS_GATEWAY_URL.

    Request body: {"to": "+96551234567", "text": "...", "sender": "KWCustoms"}
    with the header "Authorization: Bearer SMS_GATEWAY_TOKEN". Any 2xx status
    counts as accepted.
    """

    def send(self, to: str, text: str) -> None:
        try:
            response = requests.post(
                settings.SMS_GATEWAY_URL,
                json={"to": to, "text": text, "sender": settings.SMS_SENDER_ID},
                headers={"Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}"},
                timeout=settings.SMS_GATEWAY_TIMEOUT_SECONDS,
            )
        except requests.RequestException as error:
            raise SmsDeliveryError(f"SMS gateway request failed: {type(error).__name__}") from None
        if not 200 <= response.status_code < 300:
            raise SmsDeliveryError(f"SMS gateway returned HTTP {response.status_code}")


def get_sms_backend():
    return import_string(settings.SMS_BACKEND)()
