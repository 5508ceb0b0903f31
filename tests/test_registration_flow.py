"""Registration, verification and sign-in of a new clearing agent over HTTP."""

import pytest

from accounts.models import User
from notifications.models import OutboxMessage
from organizations.models import Membership, Organization
from tests.conftest import STRONG_PASSWORD, last_code

pytestmark = pytest.mark.django_db


def test_registration_creates_pending_account_and_sends_codes(client, register):
    response = register()

    assert response.status_code == 302
    assert response["Location"] == "/accounts/verify/"
    user = User.objects.get()
    assert user.email == "Ahmad@example.com"
    assert user.mobile == "+96551234567"
    assert user.is_verified is False
    membership = Membership.objects.get(user=user)
    assert membership.role == Membership.Role.GENERAL
    assert membership.organization.status == Organization.Status.PENDING
    assert OutboxMessage.objects.filter(channel="email", recipient=user.email).count() == 1
    assert OutboxMessage.objects.filter(channel="sms", recipient=user.mobile).count() == 1


def test_correct_codes_verify_and_activate(client, register):
    register()
    user = User.objects.get()

    response = client.post(
        "/accounts/verify/",
        {"email_code": last_code("email", user.email), "sms_code": last_code("sms", user.mobile)},
    )

    assert response["Location"] == "/accounts/verified/"
    user.refresh_from_db()
    assert user.is_verified
    assert user.membership.organization.status == Organization.Status.ACTIVE
    assert "_auth_user_id" not in client.session


def test_verified_user_signs_in(client, register):
    register()
    user = User.objects.get()
    client.post(
        "/accounts/verify/",
        {"email_code": last_code("email", user.email), "sms_code": last_code("sms", user.mobile)},
    )

    response = client.post("/accounts/login/", {"login": "AHMAD@example.com", "password": STRONG_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(user.pk)
