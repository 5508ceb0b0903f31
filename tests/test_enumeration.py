"""Registrations that reuse a registered email or civil ID reveal nothing."""

import pytest

from accounts.models import OneTimeCode, User
from notifications.models import OutboxMessage
from tests.conftest import VALID_CIVIL_ID

pytestmark = pytest.mark.django_db

OTHER_CIVIL_ID = "285052301237"


def test_duplicate_email_looks_like_success(client, register):
    register()
    client.logout()
    client.cookies.clear()

    response = register(email="AHMAD@example.com", civil_id=OTHER_CIVIL_ID, mobile="+96566123456")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/verify/"
    assert User.objects.count() == 1


def test_duplicate_civil_id_sends_notice_only(client, register):
    register()
    client.cookies.clear()

    register(email="someone.else@example.com", civil_id=VALID_CIVIL_ID)

    assert User.objects.count() == 1
    notice = OutboxMessage.objects.get(recipient="someone.else@example.com")
    assert "رقم مدني" in notice.body
    assert OutboxMessage.objects.filter(channel="sms").count() == 1


def test_decoy_verification_page_accepts_no_code(client, register):
    register()
    client.cookies.clear()
    register(email="someone.else@example.com", civil_id=VALID_CIVIL_ID)

    page = client.get("/accounts/verify/")
    response = client.post("/accounts/verify/", {"email_code": "123456", "sms_code": "654321"})

    assert page.status_code == 200
    assert "s***@example.com" in page.content.decode()
    assert response.status_code == 200
    assert "رمز التحقق غير صحيح" in response.content.decode()
    assert OneTimeCode.objects.filter(destination="someone.else@example.com").count() == 0


def test_decoy_resend_applies_cooldown(client, register):
    register()
    client.cookies.clear()
    register(email="someone.else@example.com", civil_id=VALID_CIVIL_ID)

    response = client.post("/accounts/verify/resend/", {"channel": "email"}, follow=True)

    assert response.status_code == 200
    assert OutboxMessage.objects.filter(recipient="someone.else@example.com").count() == 1


def test_civil_id_owner_warned_of_attempt(client, register):
    register()
    client.cookies.clear()

    register(email="someone.else@example.com", civil_id=VALID_CIVIL_ID)

    warning = OutboxMessage.objects.filter(recipient="Ahmad@example.com", channel="email").first()
    assert warning is not None
    assert "someone.else" not in warning.body
    assert OutboxMessage.objects.filter(recipient="Ahmad@example.com").count() == 2


def test_decoy_locks_like_real_code(client, register, settings):
    register()
    client.cookies.clear()
    register(email="someone.else@example.com", civil_id=VALID_CIVIL_ID)

    for _attempt in range(settings.VERIFICATION_CODE_MAX_ATTEMPTS):
        response = client.post("/accounts/verify/", {"email_code": "123456", "sms_code": "654321"})

    assert "تجاوزت الحد المسموح به من المحاولات غير الصحيحة" in response.content.decode()


def test_cancel_keeps_destination_quota(client, register):
    register()
    client.post("/accounts/verify/cancel/")

    register()

    assert OutboxMessage.objects.filter(channel="sms", recipient="+96551234567").count() == 1
    assert OneTimeCode.objects.filter(user=None).count() == 2


def test_existing_account_notices_capped(client, register, settings):
    register()
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "100/m/ip"}

    for _attempt in range(5):
        client.cookies.clear()
        register(email="someone.else@example.com", civil_id=VALID_CIVIL_ID)

    assert OutboxMessage.objects.filter(recipient="someone.else@example.com").count() == 3
