"""Registration of a clearing agent in the browser, from the empty form to
the signed-in home page, in Arabic and in English."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts import errors
from accounts.models import OneTimeCode, User
from tests.browser import pages
from tests.browser.pages import button, translated
from tests.conftest import STRONG_PASSWORD

pytestmark = pytest.mark.browser

BAD_CHECK_DIGIT_CIVIL_ID = "290010112345"


def test_newcomer_registers_verifies_and_signs_in(page, language):
    pages.open_page(page, "/accounts/register/", language)
    expect(page.locator("h1")).to_have_text(translated("Register a new account", language))
    pages.show_fixed_captcha(page)
    pages.save_screenshot(page, f"registration-{language}")

    data = pages.fill_registration(page, language)
    button(page, "Submit", language).click()

    pages.expect_path(page, "/accounts/verify/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    user = User.objects.get()
    # Backdate the codes past the resend cooldown so that the page shows the
    # same quota line on every run, not a countdown.
    OneTimeCode.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    page.reload()
    pages.save_screenshot(page, f"verification-{language}")

    codes = pages.read_codes(page, {"email": user.email, "sms": user.mobile})
    pages.enter_codes(page, language, {"email": codes["email"], "sms": codes["sms"]})

    pages.expect_path(page, "/accounts/verified/")
    expect(page.locator("main")).to_contain_text(
        translated("Your account has been verified. Please sign in.", language)
    )
    page.get_by_role("link", name=translated("OK", language), exact=True).click()

    pages.expect_path(page, "/accounts/login/")
    pages.sign_in(page, language, data["email"], STRONG_PASSWORD)

    pages.expect_path(page, "/")
    greeting = translated("Welcome, %(name)s", language, name=user.get_full_name())
    expect(page.locator("h1")).to_have_text(greeting)
    button(page, "Sign out", language).click()

    expect(page.get_by_role("link", name=translated("Sign in", language), exact=True)).to_be_visible()
    expect(button(page, "Sign out", language)).to_have_count(0)
    expect(page.locator("html")).to_have_attribute("lang", language)


def test_rejected_form_keeps_input_except_secrets(page, language):
    pages.open_page(page, "/accounts/register/", language)
    data = pages.fill_registration(page, language, civil_id=BAD_CHECK_DIGIT_CIVIL_ID)
    button(page, "Submit", language).click()

    expect(page.locator("#field-civil_id .error")).to_have_text(
        translated(errors.CIVIL_ID_INVALID, language)
    )
    assert User.objects.count() == 0
    for name in ("first_name", "last_name", "civil_id", "mobile", "email"):
        assert page.locator(f"input[name={name}]").input_value() == data[name], name
    assert page.locator("select[name=legal_entity]").input_value() == data["legal_entity"]
    assert page.locator("input[name=gender][value=male]").is_checked()
    assert page.locator("input[name=accept_terms]").is_checked()
    for name in ("password1", "password2", "captcha_1"):
        assert page.locator(f"input[name={name}]").input_value() == "", name
