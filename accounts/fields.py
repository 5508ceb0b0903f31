from captcha.fields import CaptchaField
from captcha.models import CaptchaStore
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts import errors
from accounts.widgets import PortalCaptchaInput


class CaseSensitiveCaptchaField(CaptchaField):
    """django-simple-captcha field that compares the text case-sensitively.

    The library lower-cases both sides (as of 0.7.0), so this field compares
    the typed text with the stored challenge itself. Each challenge is deleted at its
    first check, right or wrong, so it cannot be tried twice.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("error_messages", {"invalid": errors.CAPTCHA_INVALID})
        kwargs.setdefault("widget", PortalCaptchaInput(attrs={"autocomplete": "off", "dir": "ltr"}))
        super().__init__(*args, **kwargs)

    def clean(self, value):
        # MultiValueField.clean reports missing text as "required".
        super(CaptchaField, self).clean(value)
        hashkey, answer = value[0], (value[1] or "").strip()
        value[1] = ""
        challenges = CaptchaStore.objects.filter(hashkey=hashkey, expiration__gt=timezone.now())
        # The challenge row is deleted whatever was typed, and only the
        # request whose DELETE removed it may pass, so parallel requests
        # cannot reuse one solved challenge.
        matches = challenges.filter(challenge=answer).exists()
        deleted, _ = challenges.delete()
        if not (matches and deleted):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return value
