"""Registration with an automated customs system account in the browser, in Arabic and English."""

import socket

import pytest
from django.utils import translation
from playwright.sync_api import expect

from accounts.models import User
from customs_registry import errors as registry_errors
from organizations.models import LegalEntity, Organization
from tests.browser import pages
from tests.browser.pages import button, translated
from tests.conftest import STRONG_PASSWORD

pytestmark = pytest.mark.browser

FAHAD = {"licence_number": "KC-1001", "registry_user_id": "fahad.m", "registry_password": "Legacy#1001"}
REGISTRY_FIELDS = ("licence_number", "registry_user_id", "registry_password")


def choose_entity(page, language, code="clearing_agent"):
    entity = LegalEntity.objects.get(code=code)
    with translation.override(language):
        page.locator("select[name=legal_entity]").select_option(label=entity.name)


def fill_registry_route(page, language, **overrides) -> dict:
    """Fill the form as a broker with an automated customs system account would."""
    data = {**FAHAD, "mobile": "51234567", "email": "fahad@example.com", **overrides}
    choose_entity(page, language)
    page.locator("input[name=has_registry_account]").check()
    page.locator("input[name=gender][value=male]").check()
    for name in (*REGISTRY_FIELDS, "mobile", "email"):
        page.locator(f"input[name={name}]").fill(data[name])
    page.locator("input[name=password1]").fill(STRONG_PASSWORD)
    page.locator("input[name=password2]").fill(STRONG_PASSWORD)
    page.locator("input[name=accept_terms]").check()
    pages.solve_captcha(page)
    return data


def form_error(page):
    return page.locator(".form-error")


def test_box_switches_fields(page, language):
    pages.open_page(page, "/accounts/register/", language)
    choose_entity(page, language)
    page.locator("input[name=first_name]").fill("أحمد")
    page.locator("input[name=email]").fill("fahad@example.com")

    page.locator("input[name=has_registry_account]").check()

    for name in REGISTRY_FIELDS:
        expect(page.locator(f"input[name={name}]")).to_be_visible()
    expect(page.locator("input[name=first_name]")).to_be_hidden()
    expect(page.locator("input[name=civil_id]")).to_be_hidden()
    expect(page.locator("input[name=email]")).to_have_value("fahad@example.com")

    page.locator("input[name=has_registry_account]").uncheck()

    expect(page.locator("input[name=first_name]")).to_have_value("أحمد")
    expect(page.locator("input[name=licence_number]")).to_be_hidden()


def test_box_only_for_clearing_agent(page, language):
    pages.open_page(page, "/accounts/register/", language)

    choose_entity(page, language, code="clearance_company")

    expect(page.locator("input[name=has_registry_account]")).to_be_hidden()


def test_box_switches_without_javascript(chromium, live_server, portal_data, language):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    pages.open_page(page, "/accounts/register/", language)
    choose_entity(page, language)
    page.locator("input[name=email]").fill("fahad@example.com")
    page.locator("input[name=has_registry_account]").check()

    button(page, "Submit", language).click()

    for name in REGISTRY_FIELDS:
        expect(page.locator(f"input[name={name}]")).to_be_visible()
    expect(page.locator("input[name=first_name]")).to_be_hidden()
    expect(page.locator(".error")).to_have_count(0)
    expect(page.locator("input[name=email]")).to_have_value("fahad@example.com")
    context.close()


def test_broker_registers_with_registry_account(page, language):
    pages.open_page(page, "/accounts/register/", language)
    data = fill_registry_route(page, language)

    button(page, "Submit", language).click()

    pages.expect_path(page, "/accounts/verify/")
    user = User.objects.get()
    assert user.civil_id == "285051500007"
    assert Organization.objects.get().licence_number == "KC-1001"
    codes = pages.read_codes(page, {"email": data["email"], "sms": user.mobile})
    pages.enter_codes(page, language, codes)
    pages.expect_path(page, "/accounts/verified/")


@pytest.mark.parametrize(
    "credentials",
    [
        pytest.param({"licence_number": "KC-9999"}, id="unknown-licence"),
        pytest.param(
            {"licence_number": "KC-2001", "registry_user_id": "khaled.s", "registry_password": "Legacy#3001"},
            id="inactive-licence",
        ),
        pytest.param({"licence_number": "KC-1002"}, id="user-of-another-licence"),
        pytest.param({"registry_password": "Legacy#9999"}, id="wrong-password"),
    ],
)
def test_mismatch_refused(page, language, credentials):
    pages.open_page(page, "/accounts/register/", language)
    fill_registry_route(page, language, **credentials)

    button(page, "Submit", language).click()

    expect(form_error(page)).to_have_text(translated(registry_errors.CHECK_FAILED, language))
    expect(page.locator("input[name=registry_password]")).to_have_value("")
    expect(page.locator("input[name=licence_number]")).to_be_visible()
    assert User.objects.count() == 0


def test_registered_licence_refused(page, language):
    Organization.objects.create(
        legal_entity=LegalEntity.objects.get(code="clearing_agent"), licence_number="KC-1001"
    )
    pages.open_page(page, "/accounts/register/", language)
    fill_registry_route(page, language)

    button(page, "Submit", language).click()

    expect(form_error(page)).to_have_text(
        translated(registry_errors.LICENCE_ALREADY_REGISTERED, language)
    )
    assert User.objects.count() == 0


def test_unreachable_registry_refused(page, language, settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CUSTOMS_REGISTRY_BACKEND = "customs_registry.backends.http.HttpRegistry"
    settings.CUSTOMS_REGISTRY_URL = f"http://127.0.0.1:{port}"
    settings.CUSTOMS_REGISTRY_RETRIES = 0
    pages.open_page(page, "/accounts/register/", language)
    fill_registry_route(page, language)

    button(page, "Submit", language).click()

    expect(form_error(page)).to_have_text(translated(registry_errors.REGISTRY_UNAVAILABLE, language))
    assert User.objects.count() == 0
