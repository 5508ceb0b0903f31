"""The verification screen in the browser: wrong and expired codes, resending
a code, and an unverified user who signs in."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from accounts import errors
from accounts.models import CodeChannel, OneTimeCode, User
from notifications.models import OutboxMessage
from tests.browser import pages
from tests.browser.pages import button, translated
from tests.conftest import STRONG_PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def registered(page, language):
    """Register through the form and stop on the verification screen."""
    pages.open_page(page, "/accounts/register/", language)
    pages.fill_registration(page, language)
    button(page, "Submit", language).click()
    pages.expect_path(page, "/accounts/verify/")
    return User.objects.get()


def wrong_code(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_wrong_code_rejected_beside_field(page, language, registered):
    user = registered
    codes = pages.read_codes(page, {"email": user.email, "sms": user.mobile})

    pages.enter_codes(page, language, {"email": wrong_code(codes["email"]), "sms": codes["sms"]})

    pages.expect_path(page, "/accounts/verify/")
    expect(page.locator("#field-email_code .error")).to_have_text(
        translated(errors.CODE_INVALID, language)
    )
    user.refresh_from_db()
    assert user.email_verified_at is None
    assert user.is_verified is False


def test_expired_code_then_resent_code(page, language, registered):
    user = registered
    codes = pages.read_codes(page, {"email": user.email, "sms": user.mobile})
    OneTimeCode.objects.filter(channel=CodeChannel.EMAIL).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    pages.enter_codes(page, language, {"email": codes["email"], "sms": codes["sms"]})

    expect(page.locator("#field-email_code .error")).to_have_text(
        translated(errors.CODE_INVALID, language)
    )
    user.refresh_from_db()
    assert user.email_verified_at is None
    # The SMS code was right, so only the email field is left on the form.
    expect(page.locator("input[name=sms_code]")).to_have_count(0)

    cooldown = timedelta(seconds=settings.VERIFICATION_RESEND_COOLDOWN_SECONDS + 1)
    OneTimeCode.objects.update(created_at=timezone.now() - cooldown)
    button(page, "Resend the verification code to my email", language).click()

    expect(page.locator(".message.success")).to_have_text(
        translated("A new verification code was sent to your email.", language)
    )
    assert OutboxMessage.objects.filter(channel="email", recipient=user.email).count() == 2
    new_code = pages.read_codes(page, {"email": user.email})["email"]
    assert new_code != codes["email"]
    pages.enter_codes(page, language, {"email": new_code})

    pages.expect_path(page, "/accounts/verified/")
    user.refresh_from_db()
    assert user.is_verified


def test_unverified_sign_in_held_at_verification(page, language, registered, browser_context):
    user = registered
    browser_context.clear_cookies()
    pages.open_page(page, "/accounts/login/", language)

    pages.sign_in(page, language, user.email, STRONG_PASSWORD)

    pages.expect_path(page, "/accounts/verify/")
    expect(page.locator("h1")).to_have_text(translated("Verification code", language))
    page.goto("/")
    expect(page.get_by_role("link", name=translated("Sign in", language), exact=True)).to_be_visible()
    expect(button(page, "Sign out", language)).to_have_count(0)
