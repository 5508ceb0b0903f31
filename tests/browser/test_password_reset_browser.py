"""Password reset in the browser: from "Forgot your password?" on the sign-in
page to signing in with the new password, with wrong, expired and locked
codes and a resent code on the way."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts import errors
from accounts.models import CodePurpose, OneTimeCode, User
from tests.browser import pages
from tests.browser.pages import button, translated
from tests.conftest import STRONG_PASSWORD
from tests.test_password_reset import make_ahmad

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Fresh#Broker2027"


@pytest.fixture
def ahmad(portal_data):
    return make_ahmad()


def wrong_code(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def request_code(page, language, email=None):
    """Fill and send the request form. With email None the address already filled is kept."""
    if email is not None:
        page.locator("input[name=email]").fill(email)
    pages.solve_captcha(page)
    button(page, "Send the code", language).click()
    pages.expect_path(page, "/accounts/password/reset/code/")


def open_reset_from_sign_in(page, language, email):
    pages.open_page(page, "/accounts/login/", language)
    page.get_by_role("link", name=translated("Forgot your password?", language)).click()
    pages.expect_path(page, "/accounts/password/reset/")
    expect(page.locator("h1")).to_have_text(translated("Reset password", language))
    request_code(page, language, email)


def read_email_code(page, user) -> str:
    return pages.read_codes(page, {"email": user.email})["email"]


def enter_code(page, language, code, password=NEW_PASSWORD):
    page.locator("input[name=code]").fill(code)
    page.locator("input[name=password1]").fill(password)
    page.locator("input[name=password2]").fill(password)
    button(page, "Reset password", language).click()


def expect_code_error(page, language, message):
    pages.expect_path(page, "/accounts/password/reset/code/")
    expect(page.locator("#field-code .error")).to_have_text(translated(message, language))


def expect_signs_in_only_with_new_password(page, language, user):
    page.goto("/accounts/login/")
    pages.sign_in(page, language, user.email, STRONG_PASSWORD)
    pages.expect_path(page, "/accounts/login/")
    expect(button(page, "Sign out", language)).to_have_count(0)

    pages.sign_in(page, language, user.email, NEW_PASSWORD)
    pages.expect_path(page, "/")
    expect(button(page, "Sign out", language)).to_be_visible()


def test_full_reset_then_sign_in(page, language, ahmad):
    open_reset_from_sign_in(page, language, ahmad.email)
    expect(page.locator("#field-password1 .help")).to_contain_text(
        translated("Upper-case and lower-case letters, a digit and a symbol such as ! @ # $.", language)
    )

    enter_code(page, language, read_email_code(page, ahmad))

    pages.expect_path(page, "/accounts/password/reset/done/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("#password-reset-done")).to_have_text(
        translated("Your password has been reset. Sign in with your new password.", language)
    )
    page.get_by_role("link", name=translated("Sign in", language), exact=True).last.click()
    pages.expect_path(page, "/accounts/login/")
    expect_signs_in_only_with_new_password(page, language, ahmad)


def test_wrong_then_expired_code(page, language, ahmad):
    open_reset_from_sign_in(page, language, ahmad.email)
    code = read_email_code(page, ahmad)

    enter_code(page, language, wrong_code(code))
    expect_code_error(page, language, errors.CODE_INVALID)
    expect(page.locator("input[name=code]")).to_have_value(wrong_code(code))
    expect(page.locator("input[name=password1]")).to_have_value("")

    OneTimeCode.objects.filter(purpose=CodePurpose.PASSWORD_RESET).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    enter_code(page, language, code)
    expect_code_error(page, language, errors.CODE_INVALID)
    assert not User.objects.get(pk=ahmad.pk).check_password(NEW_PASSWORD)


def test_locked_code_then_resend(page, language, ahmad, settings):
    settings.VERIFICATION_RESEND_COOLDOWN_SECONDS = 0
    open_reset_from_sign_in(page, language, ahmad.email)
    code = read_email_code(page, ahmad)

    for _attempt in range(settings.VERIFICATION_CODE_MAX_ATTEMPTS):
        enter_code(page, language, wrong_code(code))
    expect_code_error(page, language, errors.CODE_LOCKED)
    enter_code(page, language, code)
    expect_code_error(page, language, errors.CODE_LOCKED)

    page.get_by_role("link", name=translated("Request a new code", language)).click()
    pages.expect_path(page, "/accounts/password/reset/")
    expect(page.locator("input[name=email]")).to_have_value(ahmad.email)
    request_code(page, language)
    new_code = read_email_code(page, ahmad)
    enter_code(page, language, new_code)

    pages.expect_path(page, "/accounts/password/reset/done/")
    expect_signs_in_only_with_new_password(page, language, ahmad)
