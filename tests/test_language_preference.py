"""The language switch and the language stored on the account."""

import pytest

from accounts.models import User
from tests.conftest import STRONG_PASSWORD, last_code

pytestmark = pytest.mark.django_db


def test_switch_stores_language_of_signed_in_user(client, register):
    register()
    user = User.objects.get()
    client.post(
        "/accounts/verify/",
        {"email_code": last_code("email", user.email), "sms_code": last_code("sms", user.mobile)},
    )
    client.post("/accounts/login/", {"login": user.email, "password": STRONG_PASSWORD})

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/support/"})

    assert response.status_code == 302
    assert response["Location"] == "/support/"
    user.refresh_from_db()
    assert user.language == "en"


def test_switch_rejects_get(client):
    response = client.get("/i18n/setlang/?language=en")

    assert response.status_code == 405
