"""Steps a person takes in the portal, written once for every browser test.

Each step finds elements by their translated text or form field name, so
the same step works in Arabic and in English.
"""

import os
import re
from pathlib import Path

from captcha.models import CaptchaStore
from django.utils import translation
from playwright.sync_api import Page, expect

from organizations.models import LegalEntity
from tests.conftest import registration_data

# The user guide's screenshots are rewritten only on request
# (UPDATE_SCREENSHOTS=1 bin/test -m browser), so an ordinary run leaves the
# committed images alone; otherwise they go to test-artifacts/.
_PROJECT_DIR = Path(__file__).resolve().parents[2]
if os.environ.get("UPDATE_SCREENSHOTS") == "1":
    SCREENSHOT_DIR = _PROJECT_DIR / "docs" / "images"
else:
    SCREENSHOT_DIR = _PROJECT_DIR / "test-artifacts" / "screenshots"
LANGUAGE_BUTTON = ".language-switch button[name=language]"
CODE_PATTERN = re.compile(r"\b(\d{6})\b")

# A fixed CAPTCHA for the user-guide screenshots. django-simple-captcha 0.7.0
# seeds its noise and letter rotation with the hashkey, so the same key and
# text always draw the same image.
SCREENSHOT_CAPTCHA_KEY = "d0c5" * 10
SCREENSHOT_CAPTCHA_TEXT = "Hd4Nq"


def translated(message: str, language: str, **params) -> str:
    """Return message as the portal shows it in language."""
    with translation.override(language):
        text = str(translation.gettext(str(message)))
    return text % params if params else text


def button(page: Page, label: str, language: str):
    return page.get_by_role("button", name=translated(label, language), exact=True)


def open_page(page: Page, path: str, language: str) -> None:
    """Open path and, for English, switch with the header's language button."""
    page.goto(path)
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    if language != "ar":
        switch_language(page, language)


def expect_path(page: Page, path: str) -> None:
    """Wait until the page shows path, with no query string."""
    expect(page).to_have_url(re.compile(r"^https?://[^/]+" + re.escape(path) + "$"))


def switch_language(page: Page, language: str) -> None:
    url = page.url
    page.locator(f"{LANGUAGE_BUTTON}[value={language}]").click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert page.url == url, f"the language switch left {url} for {page.url}"


def fill_registration(page: Page, language: str, **overrides) -> dict:
    """Fill the registration form like a newcomer; return the values typed."""
    data = registration_data(**overrides)
    clearing_agent = LegalEntity.objects.get(pk=data["legal_entity"])
    with translation.override(language):
        page.locator("select[name=legal_entity]").select_option(label=clearing_agent.name)
    for name in ("first_name", "last_name", "civil_id", "mobile", "email", "password1", "password2"):
        page.locator(f"input[name={name}]").fill(data[name])
    page.locator(f"input[name=gender][value={data['gender']}]").check()
    page.locator("input[name=accept_terms]").check()
    solve_captcha(page)
    return data


def solve_captcha(page: Page) -> None:
    """Type the CAPTCHA text stored for the challenge shown on the page."""
    hashkey = page.locator("input[name=captcha_0]").input_value()
    challenge = CaptchaStore.objects.get(hashkey=hashkey).challenge
    page.locator("input[name=captcha_1]").fill(challenge)


def show_fixed_captcha(page: Page) -> None:
    """Replace the page's random CAPTCHA with a fixed one, still solvable."""
    hashkey = page.locator("input[name=captcha_0]").input_value()
    CaptchaStore.objects.filter(hashkey=hashkey).update(
        hashkey=SCREENSHOT_CAPTCHA_KEY,
        challenge=SCREENSHOT_CAPTCHA_TEXT,
        response=SCREENSHOT_CAPTCHA_TEXT,
    )
    page.evaluate(
        """([oldKey, newKey]) => {
            for (const element of document.querySelectorAll("#field-captcha, #field-captcha *")) {
                for (const attribute of Array.from(element.attributes)) {
                    if (attribute.value.includes(oldKey)) {
                        element.setAttribute(attribute.name, attribute.value.replaceAll(oldKey, newKey));
                    }
                }
            }
        }""",
        [hashkey, SCREENSHOT_CAPTCHA_KEY],
    )
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('#field-captcha img'))"
        ".every((image) => image.complete && image.naturalWidth > 0)"
    )


def save_screenshot(page: Page, name: str) -> Path:
    path = SCREENSHOT_DIR / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide")
    return path


def read_codes(page: Page, recipients: dict[str, str]) -> dict[str, str]:
    """Read the newest code per channel from the development outbox page.

    recipients maps a channel ("email", "sms") to the address or number the
    code went to. The outbox opens in a second tab, as a developer would.
    """
    outbox = page.context.new_page()
    outbox.goto("/dev/outbox/")
    codes = {}
    for channel, recipient in recipients.items():
        message = (
            outbox.locator(f"article.outbox-message[data-channel={channel}]")
            .filter(has_text=recipient)
            .first
        )
        body = message.locator(".body").inner_text()
        match = CODE_PATTERN.search(body)
        assert match, f"no 6-digit code in the {channel} message to {recipient}: {body!r}"
        codes[channel] = match.group(1)
    outbox.close()
    return codes


def enter_codes(page: Page, language: str, codes: dict[str, str]) -> None:
    for channel, code in codes.items():
        page.locator(f"input[name={channel}_code]").fill(code)
    button(page, "Verify", language).click()


def sign_in(page: Page, language: str, email: str, password: str) -> None:
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    button(page, "Sign in", language).click()
