"""Fixtures shared by the HTTP and browser tests.

Personas: a verified general user (Ahmad), an unverified registrant (Mona)
and the demo data every page expects (legal entities, terms, support).
"""

import re
from html.parser import HTMLParser

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


def translated(message, language: str = "ar", **params) -> str:
    """Return message as a page in language shows it, placeholders filled."""
    from django.utils import translation

    with translation.override(language):
        text = translation.gettext(message) if isinstance(message, str) else str(message)
    return text % params if params else text


class PageForm(HTMLParser):
    """The errors, input values and flash messages of a rendered page.

    errors maps a field name to the messages shown inside its
    <div id="field-NAME">; errors[None] contains the form-wide ones.
    """

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.errors: dict[str | None, list[str]] = {}
        self.values: dict[str, str] = {}
        self.checked: set[str] = set()
        self.messages: list[str] = []
        self._field = None
        self._div_depth = 0
        self._capture = None
        self._text = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "div":
            if self._field is not None:
                self._div_depth += 1
            elif (attributes.get("id") or "").startswith("field-"):
                self._field = attributes["id"].removeprefix("field-")
                self._div_depth = 1
        elif tag == "li" and "message" in classes:
            self._capture = ("message", None)
            self._text = []
        elif tag in ("p", "li") and "error" in classes:
            self._capture = ("error", self._field)
            self._text = []
        elif tag in ("input", "textarea") and "name" in attributes:
            name = attributes["name"]
            if attributes.get("type") in ("radio", "checkbox"):
                if "checked" in attributes:
                    self.checked.add(f"{name}={attributes.get('value', 'on')}")
            else:
                self.values[name] = attributes.get("value") or ""
        elif tag == "option" and "selected" in attributes:
            self.checked.add(f"option={attributes.get('value')}")

    def handle_endtag(self, tag):
        if tag == "div" and self._field is not None:
            self._div_depth -= 1
            if self._div_depth == 0:
                self._field = None
        elif tag in ("p", "li") and self._capture is not None:
            kind, field = self._capture
            text = " ".join("".join(self._text).split())
            if kind == "error":
                self.errors.setdefault(field, []).append(text)
            else:
                self.messages.append(text)
            self._capture = None

    def handle_data(self, data):
        if self._capture is not None:
            self._text.append(data)


def page_form(response) -> PageForm:
    return PageForm(response.content.decode())


@pytest.fixture
def verify_registration(client):
    """Post the codes last sent to user's email and mobile to /accounts/verify/."""

    def post(user):
        from django.conf import settings

        data = {"email_code": last_code("email", user.email)}
        if settings.SMS_VERIFICATION_ENABLED:
            data["sms_code"] = last_code("sms", user.mobile)
        return client.post("/accounts/verify/", data)

    return post


@pytest.fixture
def verified_user(client, register, verify_registration):
    """Ahmad: a registered general user whose email and mobile are verified.

    The client is left anonymous, as it is after verification.
    """
    from accounts.models import User

    register()
    user = User.objects.get(civil_id=VALID_CIVIL_ID)
    response = verify_registration(user)
    assert response["Location"] == "/accounts/verified/"
    user.refresh_from_db()
    return user


@pytest.fixture
def english(client, settings):
    """Choose English on the client the way the language switch does."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def run_with_production_settings(expression: str, **overrides):
    """Evaluate expression in a new Python process under PORTAL_ENV=production.

    Settings are read once per process, so production defaults can only be
    checked in a fresh one. An override of None removes that variable.
    """
    import os
    import subprocess
    import sys

    environment = os.environ | {
        "PORTAL_ENV": "production",
        "DJANGO_SECRET_KEY": "p" * 60,
        "DJANGO_ALLOWED_HOSTS": "portal.example",
        "DATABASE_URL": "postgres://portal@127.0.0.1:1/portal",
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "TRUSTED_PROXY_COUNT": "1",
        "SMS_VERIFICATION_ENABLED": "false",
        "DJANGO_SETTINGS_MODULE": "customs_portal.settings",
    }
    environment.pop("DJANGO_DEBUG", None)
    for name, value in overrides.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    code = f"from django.conf import settings; print({expression})"
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True
    )
