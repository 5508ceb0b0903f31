"""Sign-in, sign-out and the signed-in home page, over HTTP."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session

from accounts.hashers import PortalArgon2PasswordHasher
from accounts.models import OneTimeCode, User
from notifications.models import OutboxMessage
from organizations.models import EService
from tests.conftest import STRONG_PASSWORD, page_form, translated

pytestmark = pytest.mark.django_db


def sign_in(client, login, password=STRONG_PASSWORD, **extra):
    return client.post("/accounts/login/", {"login": login, "password": password}, **extra)


@pytest.fixture
def hash_calls(monkeypatch):
    """Count every password hash computed, to verify or to make a hash."""
    calls = []
    for name in ("verify", "encode"):
        original = getattr(PortalArgon2PasswordHasher, name)

        def counted(self, *args, _original=original, **kwargs):
            calls.append(1)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(PortalArgon2PasswordHasher, name, counted)
    return calls


@pytest.mark.parametrize(
    "login",
    ["Ahmad@example.com", "ahmad@example.com", "AHMAD@EXAMPLE.COM", "  ahmad@Example.com  "],
)
def test_email_in_any_case_signs_in(client, verified_user, login):
    response = sign_in(client, login)

    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(verified_user.pk)


FAILURES = {
    "wrong_password": ("ahmad@example.com", STRONG_PASSWORD + "x"),
    "unknown_email": ("nobody@example.com", STRONG_PASSWORD),
    "wrong_case_password": ("ahmad@example.com", STRONG_PASSWORD.swapcase()),
    "over_long_password": ("ahmad@example.com", "Aa1#" * 40),
}


def failure_messages(client, login, password):
    response = sign_in(client, login, password)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    form = page_form(response)
    return {field: messages for field, messages in form.errors.items()}


@pytest.mark.parametrize("case", ["unknown_email", "wrong_case_password"])
def test_failure_message_generic(client, verified_user, case):
    expected = failure_messages(client, *FAILURES["wrong_password"])

    shown = failure_messages(client, *FAILURES[case])

    assert shown == expected
    assert list(expected) == [None]


def test_failure_message_generic_for_over_long_password(client, verified_user):
    expected = failure_messages(client, *FAILURES["wrong_password"])

    shown = failure_messages(client, *FAILURES["over_long_password"])

    assert shown == expected


def test_over_long_password_not_hashed(client, verified_user, hash_calls):
    sign_in(client, "ahmad@example.com", "Aa1#" * 10_000)

    assert hash_calls == []


@pytest.mark.parametrize(
    "login", ["a" * 10_000 + "@example.com", "not-an-email", ""], ids=["over_long", "malformed", "empty"]
)
def test_bad_login_rejected_without_error_page(client, verified_user, login):
    response = sign_in(client, login)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_failure_keeps_login_not_password(client, verified_user):
    response = sign_in(client, "ahmad@example.com", "wrong-password")

    form = page_form(response)
    assert form.values["login"] == "ahmad@example.com"
    assert form.values["password"] == ""


# Throttling, before any password hashing


def test_account_throttled_after_ten_failures(client, verified_user, hash_calls):
    for attempt in range(10):
        # Another address each time, so only the per-account limit applies.
        sign_in(client, "ahmad@example.com", "Wrong#Pass1", REMOTE_ADDR=f"10.0.0.{attempt + 1}")
    hash_calls.clear()

    response = sign_in(client, "AHMAD@example.com", REMOTE_ADDR="10.0.1.1")

    assert "_auth_user_id" not in client.session
    assert hash_calls == []
    assert page_form(response).errors[None] == [
        translated("Too many failed login attempts. Try again later.")
    ]


def test_address_throttled_after_ten_failures(client, verified_user, hash_calls):
    for attempt in range(10):
        sign_in(client, f"nobody{attempt}@example.com", "Wrong#Pass1")
    hash_calls.clear()

    sign_in(client, "ahmad@example.com")

    assert "_auth_user_id" not in client.session
    assert hash_calls == []


def test_throttle_of_one_account_spares_another(client, verified_user, hash_calls):
    for attempt in range(10):
        sign_in(client, "nobody@example.com", "Wrong#Pass1", REMOTE_ADDR=f"10.0.0.{attempt + 1}")

    response = sign_in(client, "ahmad@example.com", REMOTE_ADDR="10.0.1.1")

    assert response["Location"] == "/"


def test_nine_failures_do_not_throttle(client, verified_user):
    for _attempt in range(9):
        sign_in(client, "ahmad@example.com", "Wrong#Pass1")

    response = sign_in(client, "ahmad@example.com")

    assert response["Location"] == "/"


# Unverified users


def test_unverified_user_held_at_verification(client, register):
    register()
    client.cookies.clear()

    response = sign_in(client, "ahmad@example.com")

    assert response["Location"] == "/accounts/verify/"
    assert "_auth_user_id" not in client.session
    assert client.get("/").context["user"].is_authenticated is False


def test_unverified_user_keeps_live_codes(client, register):
    register()
    client.cookies.clear()

    sign_in(client, "ahmad@example.com")

    assert OutboxMessage.objects.count() == 2


def test_unverified_user_gets_codes_after_expiry(client, register):
    register()
    client.cookies.clear()
    for record in OneTimeCode.objects.all():
        record.created_at -= timedelta(minutes=11)
        record.expires_at -= timedelta(minutes=11)
        record.save()

    sign_in(client, "ahmad@example.com")

    assert OutboxMessage.objects.count() == 4


def test_unverified_wrong_password_not_held(client, register):
    register()
    client.cookies.clear()

    response = sign_in(client, "ahmad@example.com", "Wrong#Pass1")

    assert response.status_code == 200
    assert client.get("/accounts/verify/")["Location"] == "/accounts/login/"


# Sessions


def test_sign_in_issues_new_session_key(client, verified_user):
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key

    sign_in(client, "ahmad@example.com")

    assert client.session.session_key != before


def test_sign_out_by_post(client, verified_user):
    sign_in(client, "ahmad@example.com")

    response = client.post("/accounts/logout/")

    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session


def test_sign_out_by_get_keeps_session(client, verified_user):
    sign_in(client, "ahmad@example.com")

    client.get("/accounts/logout/")

    assert client.session["_auth_user_id"] == str(verified_user.pk)


def test_sign_out_invalidates_old_session_key(client, verified_user):
    sign_in(client, "ahmad@example.com")
    key = client.session.session_key

    client.post("/accounts/logout/")

    assert not Session.objects.filter(session_key=key).exists()


# Home page


def test_home_greets_signed_in_user(client, verified_user):
    sign_in(client, "ahmad@example.com")

    response = client.get("/")

    text = response.content.decode()
    assert "أحمد Al-Sabah" in text


def test_home_lists_eservices(client, verified_user):
    sign_in(client, "ahmad@example.com")

    response = client.get("/")

    listed = [service.name for service in response.context["services"]]
    assert listed
    for service in EService.objects.filter(is_active=True):
        assert service.name in response.content.decode()


def test_home_for_visitor_lists_no_eservices(client, demo_data):
    response = client.get("/")

    assert response.status_code == 200
    assert "services" not in response.context
    assert User.objects.count() == 0


def test_staff_user_with_capitals_signs_in(client):
    User.objects.create_superuser(
        "Staff.Member@Customs.example", "Staff#Member2026", first_name="Staff", last_name="Member"
    )

    response = client.post(
        "/accounts/login/", {"login": "staff.member@customs.example", "password": "Staff#Member2026"}
    )

    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_staff_console_adds_user(client):
    admin = User.objects.create_superuser(
        "admin@customs.example", "Admin#Console2026", first_name="Staff", last_name="Admin"
    )
    client.force_login(admin)

    response = client.post(
        "/staff/accounts/user/add/",
        {
            "email": "Clerk@customs.example",
            "first_name": "Clerk",
            "last_name": "One",
            "password1": "Clerk#Console2026",
            "password2": "Clerk#Console2026",
            "usable_password": "true",
        },
    )

    assert response.status_code == 302
    clerk = User.objects.get(email="Clerk@customs.example")
    assert clerk.emailaddress_set.get().email == "clerk@customs.example"
