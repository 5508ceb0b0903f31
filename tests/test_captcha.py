"""The image CAPTCHA's audio alternative."""

import re
import shutil

import pytest

from accounts.captcha import spoken_challenge

pytestmark = pytest.mark.django_db

needs_flite = pytest.mark.skipif(
    shutil.which("flite") is None, reason="flite is not installed (bin/setup installs it)"
)


def test_spoken_challenge_names_letter_case():
    assert spoken_challenge("aB7") == "small a, capital B, 7"


@needs_flite
def test_audio_link_serves_wav(client, demo_data, settings):
    settings.CAPTCHA_FLITE_PATH = shutil.which("flite")
    page = client.get("/accounts/register/").content.decode()
    audio_url = re.search(r'href="(/captcha/audio/[0-9a-f]+\.wav)"', page).group(1)

    response = client.get(audio_url)

    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    assert response.content[:4] == b"RIFF"


def test_audio_of_unknown_challenge_is_gone(client, settings):
    settings.CAPTCHA_FLITE_PATH = "/usr/bin/flite"

    response = client.get("/captcha/audio/" + "0" * 40 + ".wav")

    assert response.status_code == 410


@needs_flite
def test_audio_rate_limited_per_address(client, demo_data, settings):
    settings.CAPTCHA_FLITE_PATH = shutil.which("flite")
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "captcha_audio": "2/m/ip"}
    page = client.get("/accounts/register/").content.decode()
    audio_url = re.search(r'href="(/captcha/audio/[0-9a-f]+\.wav)"', page).group(1)

    statuses = [client.get(audio_url).status_code for _request in range(3)]

    assert statuses == [200, 200, 429]


def test_library_audio_route_absent(client, demo_data):
    page = client.get("/accounts/register/").content.decode()
    hashkey = re.search(r'name="captcha_0" value="([0-9a-f]+)"', page).group(1)

    response = client.get(f"/captcha/audio/{hashkey}-wav")

    assert response.status_code == 404


def test_solved_captcha_passes_once(client, demo_data):
    from accounts.fields import CaseSensitiveCaptchaField
    from captcha.models import CaptchaStore
    from django.core.exceptions import ValidationError

    store = CaptchaStore.objects.get(hashkey=CaptchaStore.generate_key())
    field = CaseSensitiveCaptchaField()

    field.clean([store.hashkey, store.challenge])
    with pytest.raises(ValidationError):
        field.clean([store.hashkey, store.challenge])
