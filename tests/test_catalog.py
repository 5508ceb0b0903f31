"""The Arabic catalog is complete, and Arabic pages, emails and SMS show no English."""

import gettext
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

from accounts.models import User
from notifications.models import OutboxMessage
from tests.conftest import STRONG_PASSWORD, VALID_CIVIL_ID, last_code, solve_captcha

CATALOG = Path(settings.BASE_DIR) / "locale" / "ar" / "LC_MESSAGES" / "django.po"
ARABIC_PLURAL_FORMS = (
    "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
    "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;"
)
# Words that an Arabic page may show in Latin letters.
ALLOWED_LATIN = {"English"}
EMAIL_ADDRESS = re.compile(r"\S+@\S+")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def msgfmt(*arguments, output="/dev/null"):
    return subprocess.run(
        ["msgfmt", *arguments, "-o", str(output), str(CATALOG)],
        capture_output=True,
        text=True,
        check=False,
    )


def compiled_catalog(directory: Path) -> gettext.GNUTranslations:
    compiled = directory / "django.mo"
    msgfmt(output=compiled)
    with compiled.open("rb") as catalog:
        return gettext.GNUTranslations(catalog)


def test_catalog_fully_translated():
    statistics = msgfmt("--statistics").stderr.strip()
    assert re.fullmatch(r"\d+ translated messages?\.", statistics), statistics


def test_catalog_passes_msgfmt_check():
    # --check compares each plural entry's msgstr count with nplurals and
    # each translation's placeholders with its msgid's.
    result = msgfmt("--check")
    assert result.returncode == 0, result.stderr


def test_catalog_has_arabic_plural_forms(tmp_path):
    header = compiled_catalog(tmp_path).info()
    assert header["plural-forms"] == ARABIC_PLURAL_FORMS


# Messages of Django and django-allauth whose Arabic the portal's catalog
# replaces; customs_portal/library_messages.py keeps them in the catalog.
LIBRARY_OVERRIDES = [
    "Too many failed login attempts. Try again later.",
    "Be patient, you are sending too many requests.",
    "The email address and/or password you specified are not correct.",
    "The password is too similar to the %(verbose_name)s.",
    "Your password can\u2019t be too similar to your other personal information.",
    "This password is too common.",
    "Your password can\u2019t be a commonly used password.",
    "Select a valid choice. %(value)s is not one of the available choices.",
]


@pytest.mark.parametrize("msgid", LIBRARY_OVERRIDES)
def test_library_override_active(tmp_path, msgid):
    assert compiled_catalog(tmp_path).gettext(msgid) != msgid


def test_library_plural_override_active(tmp_path):
    singular = "Ensure this value has at most %(limit_value)d character (it has %(show_value)d)."
    plural = "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d)."
    assert compiled_catalog(tmp_path).ngettext(singular, plural, 100) != plural


def test_compiled_catalog_is_current(tmp_path):
    compiled = tmp_path / "django.mo"
    msgfmt("--check-format", output=compiled)
    message = "locale/ar/LC_MESSAGES/django.mo is stale: run manage.py compilemessages"
    assert compiled.read_bytes() == CATALOG.with_suffix(".mo").read_bytes(), message


class ReadableText(HTMLParser):
    """The text a reader or a screen reader meets on a page.

    Script and style contents are left out, and so is every element marked
    lang="en" (the switch to the English interface).
    """

    SPOKEN_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipped_tag = None
        self._skip_depth = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self._skipped_tag is not None:
            self._skip_depth += tag == self._skipped_tag
            return
        if tag in ("script", "style") or attributes.get("lang") == "en":
            self._skipped_tag, self._skip_depth = tag, 1
            return
        self.parts += [attributes[name] for name in self.SPOKEN_ATTRIBUTES if attributes.get(name)]

    def handle_endtag(self, tag):
        if tag == self._skipped_tag:
            self._skip_depth -= 1
            if self._skip_depth == 0:
                self._skipped_tag = None

    def handle_data(self, data):
        if self._skipped_tag is None and data.strip():
            self.parts.append(data.strip())


def english_words(text: str, typed: str = "") -> list[str]:
    """Return the Latin words of text, except emails and the words the user typed."""
    allowed = ALLOWED_LATIN | set(LATIN_WORD.findall(typed))
    words = LATIN_WORD.findall(EMAIL_ADDRESS.sub(" ", text))
    return [word for word in words if word not in allowed]


def page_english(response, typed: str = "", status: int = 200) -> list[str]:
    assert response.status_code == status, response.status_code
    return english_words("\n".join(ReadableText(response.content.decode()).parts), typed)


def sign_in(client, login, password=STRONG_PASSWORD):
    return client.post("/accounts/login/", {"login": login, "password": password}, follow=True)


PAGES = [
    "/",
    "/accounts/register/",
    "/accounts/login/",
    "/support/",
    "/terms/",
    "/dev/outbox/",
    "/accounts/password/reset/",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_english(client, demo_data, path):
    assert page_english(client.get(path)) == []


@pytest.mark.parametrize(
    "sample",
    [
        "Register a new account",
        "Submit",
        "Email",
        "Password",
        "Civil ID number",
        "Mobile phone number",
        "Fields marked",
        "Enter the text in the image",
        "I agree to the terms and conditions",
        "Play CAPTCHA as audio file",
        "Sign in",
    ],
)
def test_registration_page_sample_is_arabic(client, demo_data, sample):
    assert sample not in client.get("/accounts/register/").content.decode()


def test_empty_registration_errors_arabic(client, demo_data):
    text = client.post("/accounts/register/", {}).content.decode()
    assert "This field is required." not in text
    assert "هذا الحقل إلزامي." in text


def test_empty_registration_page_arabic(client, demo_data):
    assert page_english(client.post("/accounts/register/", {})) == []


def test_invalid_registration_page_arabic(register):
    response = register(
        email="not-an-email",
        civil_id="123",
        mobile="12",
        password1="short",
        password2="other",
        first_name="Ahmad1",
    )
    assert page_english(response, typed="Ahmad1") == []


def test_tampered_registration_errors_arabic(register):
    too_long = "a" * 300
    response = register(first_name=too_long, gender="xyz")
    text = response.content.decode()
    # Django's own Arabic for these two messages, which the catalog replaces.
    assert "تأكد أن هذه القيمة" not in text
    assert "انتق خياراً صحيحاً" not in text
    assert page_english(response, typed=f"{too_long} xyz Al-Sabah") == []


def test_empty_sign_in_errors_arabic(client, demo_data):
    assert page_english(client.post("/accounts/login/", {})) == []


def test_wrong_password_error_arabic(client, verified_user):
    response = sign_in(client, verified_user.email, "Wrong#Password1")
    # The portal's catalog replaces django-allauth's Arabic for this message.
    assert "البريد الإلكتروني أو كلمة المرور غير صحيحة." in response.content.decode()
    assert page_english(response) == []


def test_verification_page_arabic(client, register):
    response = register()
    assert response["Location"] == "/accounts/verify/"
    assert page_english(client.get("/accounts/verify/")) == []


def test_wrong_verification_code_arabic(client, register):
    register()
    response = client.post("/accounts/verify/", {"email_code": "000000", "sms_code": "000000"})
    assert page_english(response) == []


def test_resend_message_arabic(client, register):
    register()
    response = client.post("/accounts/verify/resend/", {"channel": "email"}, follow=True)
    assert page_english(response) == []


def test_verified_page_arabic(client, verified_user):
    assert page_english(client.get("/accounts/verified/")) == []


def test_signed_in_home_arabic(client, verified_user):
    response = sign_in(client, verified_user.email)
    assert "Successfully signed in" not in response.content.decode()
    assert page_english(response, typed=verified_user.get_full_name()) == []


def test_sign_out_message_arabic(client, verified_user):
    sign_in(client, verified_user.email)
    response = client.post("/accounts/logout/", follow=True)
    assert "تم تسجيل الخروج بنجاح." in response.content.decode()
    assert page_english(response) == []


def test_registration_messages_arabic(verified_user):
    messages = OutboxMessage.objects.filter(recipient__in=[verified_user.email, verified_user.mobile])
    assert messages.count() >= 2
    for message in messages:
        text = message.subject + "\n" + message.body
        assert english_words(text, typed=verified_user.get_full_name()) == [], message.channel


def test_duplicate_registration_messages_arabic(client, register):
    register()
    client.logout()
    register(email="second@example.com")
    assert User.objects.filter(civil_id=VALID_CIVIL_ID).count() == 1
    messages = OutboxMessage.objects.filter(channel="email")
    assert messages.count() >= 2
    for message in messages:
        text = message.subject + "\n" + message.body
        assert english_words(text, typed="Al-Sabah") == [], message.subject


def test_rate_limited_page_arabic(client, demo_data):
    for _attempt in range(20):
        response = client.post("/accounts/register/", {})
        if response.status_code == 429:
            break
    assert page_english(response, status=429) == []


def test_not_found_page_arabic(client, demo_data):
    assert page_english(client.get("/no-such-page/"), status=404) == []


def test_registry_route_errors_arabic(register):
    response = register(
        has_registry_account="on",
        licence_number="not a licence!",
        registry_user_id="nobody",
        registry_password="Wrong#1",
    )
    assert page_english(response, typed="Al-Sabah") == []


def test_password_reset_code_page_arabic(client, settings, verified_user):
    settings.VERIFICATION_RESEND_COOLDOWN_SECONDS = 0
    page = client.get("/accounts/password/reset/").content.decode()
    data = {"email": verified_user.email, **solve_captcha(page)}
    response = client.post("/accounts/password/reset/", data, follow=True)
    assert "رمز التحقق" in response.content.decode()
    assert page_english(response) == []


def test_password_reset_errors_arabic(client, settings, verified_user):
    settings.VERIFICATION_RESEND_COOLDOWN_SECONDS = 0
    page = client.get("/accounts/password/reset/").content.decode()
    data = {"email": verified_user.email, **solve_captcha(page)}
    client.post("/accounts/password/reset/", data)
    response = client.post(
        "/accounts/password/reset/code/", {"code": "12", "password1": "a", "password2": "b"}
    )
    assert page_english(response) == []


def test_password_reset_messages_arabic(client, settings, verified_user):
    settings.VERIFICATION_RESEND_COOLDOWN_SECONDS = 0
    OutboxMessage.objects.all().delete()
    page = client.get("/accounts/password/reset/").content.decode()
    client.post("/accounts/password/reset/", {"email": verified_user.email, **solve_captcha(page)})
    code = last_code("email", verified_user.email)
    new_password = "New#Agent2027x"
    client.post(
        "/accounts/password/reset/code/",
        {"code": code, "password1": new_password, "password2": new_password},
    )
    messages = OutboxMessage.objects.all()
    assert messages.count() >= 3
    for message in messages:
        text = message.subject + "\n" + message.body
        assert english_words(text, typed=verified_user.get_full_name()) == [], message.subject
