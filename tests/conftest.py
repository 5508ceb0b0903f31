"""Fixtures shared by the HTTP and browser tests.

Personas: a verified general user (Ahmad), an unverified registrant (Mona)
and the demo data every page expects (legal entities, terms, support).
"""

import re

import pytest
from captcha.models import CaptchaStore
from django.core.management import call_command

from notifications.models import OutboxMessage

STRONG_PASSWORD = "Clear#Agent2026"
VALID_CIVIL_ID = "290010112346"  # born 1990-01-01, valid check digit


@pytest.fixture(autouse=True)
def fast_argon2(settings):
    # The OWASP minimum for Argon2id; production defaults are higher.
    settings.ARGON2_MEMORY_KIB = 19456
    settings.ARGON2_TIME_COST = 2


@pytest.fixture(autouse=True)
def outbox_email(settings):
    # pytest-django switches to Django's locmem backend; the portal's own
    # development outbox is what a newcomer reads, so tests read it too.
    settings.EMAIL_BACKEND = "notifications.backends.OutboxEmailBackend"


@pytest.fixture(autouse=True)
def clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo_data(db):
    call_command("load_demo_data", stdout=open("/dev/null", "w"))


def solve_captcha(html: str) -> dict:
    """Return the CAPTCHA form fields for the challenge on the page."""
    hashkey = re.search(r'name="captcha_0" value="([0-9a-f]+)"', html).group(1)
    store = CaptchaStore.objects.get(hashkey=hashkey)
    return {"captcha_0": hashkey, "captcha_1": store.challenge}


def last_code(channel: str, recipient: str) -> str:
    message = OutboxMessage.objects.filter(channel=channel, recipient=recipient).first()
    assert message is not None, f"no {channel} message to {recipient}"
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def registration_data(**overrides) -> dict:
    from organizations.models import LegalEntity

    data = {
        "legal_entity": str(LegalEntity.objects.get(code="clearing_agent").pk),
        "first_name": "أحمد",
        "last_name": "Al-Sabah",
        "gender": "male",
        "civil_id": VALID_CIVIL_ID,
        "mobile": "51234567",
        "email": "Ahmad@Example.COM",
        "password1": STRONG_PASSWORD,
        "password2": STRONG_PASSWORD,
        "accept_terms": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def register(client, demo_data):
    """Post the registration form with a solved CAPTCHA; return the response."""

    def post(**overrides):
        page = client.get("/accounts/register/")
        data = registration_data(**overrides)
        data.update(solve_captcha(page.content.decode()))
        return client.post("/accounts/register/", data)

    return post
