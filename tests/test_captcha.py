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
