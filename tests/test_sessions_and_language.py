"""Session lifetime limits and the language of pages, over HTTP."""

import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from customs_portal.middleware import SESSION_STARTED_AT_KEY
from tests.conftest import STRONG_PASSWORD, page_form, translated

pytestmark = pytest.mark.django_db

TWELVE_HOURS = 12 * 3600


@pytest.fixture
def signed_in(client, verified_user):
    response = client.post("/accounts/login/", {"login": verified_user.email, "password": STRONG_PASSWORD})
    assert response["Location"] == "/"
    return client


def stored_session(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def set_session_value(client, key, value):
    session = client.session
    session[key] = value
    session.save()


def is_signed_in(client) -> bool:
    return client.get("/").context["user"].is_authenticated


# Idle expiry


def test_idle_limit_is_thirty_minutes(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_request_extends_idle_expiry(signed_in):
    Session.objects.filter(pk=signed_in.session.session_key).update(
        expire_date=timezone.now() + timedelta(minutes=1)
    )

    signed_in.get("/")

    remaining = stored_session(signed_in).expire_date - timezone.now()
    assert remaining > timedelta(minutes=29)


def test_idle_session_signed_out(signed_in):
    Session.objects.filter(pk=signed_in.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    assert is_signed_in(signed_in) is False


# Absolute expiry


def test_sign_in_records_start_time(signed_in):
    started_at = signed_in.session[SESSION_STARTED_AT_KEY]

    assert abs(started_at - time.time()) < 60


def test_session_within_twelve_hours_kept(signed_in):
    set_session_value(signed_in, SESSION_STARTED_AT_KEY, time.time() - TWELVE_HOURS + 60)

    assert is_signed_in(signed_in) is True


def test_session_over_twelve_hours_ended(signed_in):
    set_session_value(signed_in, SESSION_STARTED_AT_KEY, time.time() - TWELVE_HOURS - 1)

    response = signed_in.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in signed_in.session


def test_ended_session_explained_on_sign_in_page(signed_in):
    set_session_value(signed_in, SESSION_STARTED_AT_KEY, time.time() - TWELVE_HOURS - 1)

    response = signed_in.get("/", follow=True)

    assert translated("Your session has ended. Please sign in again.") in page_form(response).messages


def test_activity_does_not_extend_absolute_limit(signed_in):
    started_at = time.time() - 3600
    set_session_value(signed_in, SESSION_STARTED_AT_KEY, started_at)

    signed_in.get("/")

    assert signed_in.session[SESSION_STARTED_AT_KEY] == started_at


def test_new_sign_in_restarts_absolute_limit(client, signed_in, verified_user):
    signed_in.post("/accounts/logout/")

    client.post("/accounts/login/", {"login": verified_user.email, "password": STRONG_PASSWORD})

    assert abs(client.session[SESSION_STARTED_AT_KEY] - time.time()) < 60


# Language


def html_language(response) -> tuple[str, str]:
    head = response.content.decode()[:300]
    lang = head.split('<html lang="', 1)[1].split('"', 1)[0]
    direction = head.split('dir="', 1)[1].split('"', 1)[0]
    return lang, direction


@pytest.mark.parametrize("accept_language", ["", "en", "en-US,en;q=0.9", "fr"])
def test_arabic_by_default(client, demo_data, accept_language):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=accept_language)

    assert html_language(response) == ("ar", "rtl")


@pytest.mark.parametrize("path", ["/", "/support/", "/terms/", "/accounts/register/", "/accounts/login/"])
def test_switch_to_english_returns_to_page(client, demo_data, path):
    response = client.post("/i18n/setlang/", {"language": "en", "next": path})

    assert response.status_code == 302
    assert response["Location"] == path
    assert html_language(client.get(path)) == ("en", "ltr")


def test_switch_back_to_arabic(client, demo_data):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    client.post("/i18n/setlang/", {"language": "ar", "next": "/"})

    assert html_language(client.get("/")) == ("ar", "rtl")


@pytest.mark.parametrize("next_url", ["https://attacker.example/", "//attacker.example/"])
def test_switch_never_leaves_the_portal(client, demo_data, next_url):
    response = client.post("/i18n/setlang/", {"language": "en", "next": next_url})

    assert "attacker" not in response.get("Location", "")


def test_unsupported_language_ignored(client, demo_data):
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})

    assert html_language(client.get("/")) == ("ar", "rtl")


def test_language_survives_sign_in(client, verified_user):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    client.post("/accounts/login/", {"login": verified_user.email, "password": STRONG_PASSWORD})

    assert html_language(client.get("/")) == ("en", "ltr")
