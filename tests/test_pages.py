"""Support, terms and development outbox pages, over HTTP."""

import pytest
from django.urls import clear_url_caches

from notifications.models import OutboxMessage
from support.management.commands.load_demo_data import TERMS_AR, TERMS_EN
from support.models import SupportContact
from tests.conftest import run_with_production_settings

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("value", ["+965 1800 000", "+965 2200 0000", "support@customs.example"])
def test_support_shows_contact(client, demo_data, value):
    response = client.get("/support/")

    assert response.status_code == 200
    assert value in text_of(response)


def test_support_shows_newest_contact(client, demo_data):
    SupportContact.objects.create(
        phone="+965 1888 888", email="help@customs.example", hours_ar="٢٤/٧", hours_en="24/7"
    )

    assert "+965 1888 888" in text_of(client.get("/support/"))


def test_support_without_contact(client, db):
    response = client.get("/support/")

    assert response.status_code == 200


def test_terms_in_arabic_by_default(client, demo_data):
    text = text_of(client.get("/terms/"))

    assert TERMS_AR.splitlines()[0] in text
    assert TERMS_EN.splitlines()[0] not in text


def test_terms_in_english_after_switch(client, english, demo_data):
    text = text_of(client.get("/terms/"))

    assert TERMS_EN.splitlines()[0] in text
    assert TERMS_AR.splitlines()[0] not in text


def test_terms_without_document(client, db):
    assert client.get("/terms/").status_code == 200


@pytest.fixture
def outbox_url_enabled(settings):
    """Rebuild the URLconf for the DEV_OUTBOX_ENABLED the test sets."""
    import importlib

    from customs_portal import urls

    def set_enabled(enabled):
        settings.DEV_OUTBOX_ENABLED = enabled
        importlib.reload(urls)
        clear_url_caches()

    yield set_enabled
    settings.DEV_OUTBOX_ENABLED = True
    importlib.reload(urls)
    clear_url_caches()


def test_outbox_lists_messages_in_debug(client, demo_data, outbox_url_enabled):
    outbox_url_enabled(True)
    OutboxMessage.objects.create(channel="sms", recipient="+96551234567", body="code 123456")

    response = client.get("/dev/outbox/")

    assert response.status_code == 200
    assert "+96551234567" in text_of(response)
    assert "code 123456" in text_of(response)


def test_outbox_absent_without_debug(client, demo_data, outbox_url_enabled):
    outbox_url_enabled(False)
    OutboxMessage.objects.create(channel="sms", recipient="+96551234567", body="code 123456")

    response = client.get("/dev/outbox/")

    assert response.status_code == 404
    assert "code 123456" not in text_of(response)


def test_outbox_view_refuses_when_disabled(client, demo_data, settings):
    settings.DEV_OUTBOX_ENABLED = False

    assert client.get("/dev/outbox/").status_code == 404


def test_outbox_link_hidden_without_debug(client, demo_data, settings):
    settings.DEV_OUTBOX_ENABLED = False

    assert "/dev/outbox/" not in text_of(client.get("/"))


def test_outbox_disabled_in_production_settings():
    result = run_with_production_settings("settings.DEV_OUTBOX_ENABLED")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
