from django.core.mail.backends.base import BaseEmailBackend

from notifications.models import OutboxMessage


class OutboxEmailBackend(BaseEmailBackend):
    """Django email backend that stores each message in the development outbox."""

    def send_messages(self, email_messages):
        for message in email_messages:
            for recipient in message.recipients():
                OutboxMessage.objects.create(
                    channel=OutboxMessage.Channel.EMAIL,
                    recipient=recipient,
                    subject=message.subject,
                    body=message.body,
                )
        return len(email_messages)
