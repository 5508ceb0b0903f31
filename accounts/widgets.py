from captcha.fields import CaptchaTextInput
from django.conf import settings
from django.urls import reverse


class PortalCaptchaInput(CaptchaTextInput):
    """CAPTCHA widget whose audio link speaks letter case (see accounts.captcha)."""

    def audio_url(self):
        if not settings.CAPTCHA_FLITE_PATH:
            return None
        return reverse("captcha_audio", kwargs={"key": self._key})
