import os
import secrets
import subprocess
import tempfile

from captcha.models import CaptchaStore
from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone

# Letters and digits that are hard to confuse in a distorted image
# (no 0/O/o, 1/I/l/i, 5/S/s, 2/Z/z, c/C, k/K, p/P, u/U, v/V, w/W, x/X).
CHALLENGE_ALPHABET = "ABDEFGHJLMNQRTYabdefghjmnqrty346789"


def mixed_case_challenge():
    """Return a (challenge, response) pair for django-simple-captcha."""
    text = "".join(secrets.choice(CHALLENGE_ALPHABET) for _ in range(settings.CAPTCHA_LENGTH))
    return text, text


def spoken_challenge(challenge: str) -> str:
    """Spell the challenge for text-to-speech, saying which letters are capitals.

    The typed text is compared case-sensitively, so the audio must carry the case
    that the image shows.
    """
    words = []
    for character in challenge:
        if character.isupper():
            words.append(f"capital {character}")
        elif character.islower():
            words.append(f"small {character}")
        else:
            words.append(character)
    return ", ".join(words)


def captcha_audio(request, key):
    """Serve the challenge as speech from flite, or 410 once it is used or expired."""
    # allauth's public consume() skips GET requests; the internal one takes
    # limit_get (allauth 65.22). Each request starts a flite process, so
    # GETs must count.
    from allauth.core.internal import ratelimit

    if not settings.CAPTCHA_FLITE_PATH:
        raise Http404
    if not ratelimit.consume(request, app="allauth.account", action="captcha_audio", limit_get=True):
        return HttpResponse(status=429)
    store = CaptchaStore.objects.filter(hashkey=key, expiration__gt=timezone.now()).first()
    if store is None:
        return HttpResponse(status=410)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "challenge.wav")
        subprocess.run(
            [settings.CAPTCHA_FLITE_PATH, "-t", spoken_challenge(store.challenge), "-o", path],
            check=True,
            timeout=10,
        )
        with open(path, "rb") as audio:
            content = audio.read()
    response = HttpResponse(content, content_type="audio/wav")
    response["Cache-Control"] = "no-store"
    return response
