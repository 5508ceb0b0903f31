"""The header's language button keeps the user on the page they were on,
including the pages of the registration flow that depend on the session."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.browser import pages
from tests.browser.pages import button, translated

pytestmark = pytest.mark.browser


def register_and_open_verification(page) -> User:
    pages.open_page(page, "/accounts/register/", "ar")
    pages.fill_registration(page, "ar")
    button(page, "Submit", "ar").click()
    pages.expect_path(page, "/accounts/verify/")
    return User.objects.get()


def test_switch_on_verification_screen_keeps_it(page):
    register_and_open_verification(page)

    pages.switch_language(page, "en")

    expect(page.locator("h1")).to_have_text(translated("Verification code", "en"))
    expect(page.locator("input[name=email_code]")).to_be_visible()


def test_switch_on_confirmation_keeps_it(page):
    user = register_and_open_verification(page)
    codes = pages.read_codes(page, {"email": user.email, "sms": user.mobile})
    pages.enter_codes(page, "ar", codes)
    pages.expect_path(page, "/accounts/verified/")

    pages.switch_language(page, "en")

    expect(page.locator("main")).to_contain_text(
        translated("Your account has been verified. Please sign in.", "en")
    )


def test_switch_on_verification_screen_sets_code_language(page):
    user = register_and_open_verification(page)

    pages.switch_language(page, "en")

    user.refresh_from_db()
    assert user.language == "en"


def test_switch_keeps_typed_registration_values(page):
    pages.open_page(page, "/accounts/register/", "ar")
    page.fill("input[name=first_name]", "أحمد")
    page.fill("input[name=civil_id]", "290010112346")
    page.fill("input[name=password1]", "Clear#Agent2026")

    pages.switch_language(page, "en")

    expect(page.locator("input[name=first_name]")).to_have_value("أحمد")
    expect(page.locator("input[name=civil_id]")).to_have_value("290010112346")
    expect(page.locator("input[name=password1]")).to_have_value("")
