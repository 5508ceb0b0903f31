"""Layout of the registration and verification pages on a phone screen."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.browser import pages
from tests.browser.pages import button

pytestmark = pytest.mark.browser

PHONE_VIEWPORT = {"width": 390, "height": 844}
HORIZONTAL_OVERFLOW = (
    "() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
)


@pytest.fixture
def phone(chromium, live_server, portal_data):
    context = chromium.new_context(
        base_url=live_server.url, viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_registration_page_fits_phone(phone, language):
    pages.open_page(phone, "/accounts/register/", language)

    assert phone.evaluate(HORIZONTAL_OVERFLOW) <= 0


def test_verification_page_fits_phone(phone, language):
    pages.open_page(phone, "/accounts/register/", language)
    pages.fill_registration(phone, language)
    button(phone, "Submit", language).click()
    pages.expect_path(phone, "/accounts/verify/")
    expect(phone.locator("input[name=email_code]")).to_be_visible()
    assert User.objects.count() == 1

    assert phone.evaluate(HORIZONTAL_OVERFLOW) <= 0
