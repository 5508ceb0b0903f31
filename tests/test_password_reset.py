"""Password reset by emailed or texted code, over HTTP."""

import html
import logging
import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts import errors
from accounts.models import CodePurpose, OneTimeCode, User
from accounts.password_reset import PASSWORD_SAME_AS_CURRENT
from notifications.models import OutboxMessage
from organizations import services as organization_services
from organizations.models import LegalEntity, Organization
from tests.conftest import STRONG_PASSWORD, VALID_CIVIL_ID, last_code, solve_captcha

pytestmark = pytest.mark.django_db

RESET_URL = "/accounts/password/reset/"
CODE_URL = "/accounts/password/reset/code/"
DONE_URL = "/accounts/password/reset/done/"
NEW_PASSWORD = "Fresh#Broker2027"
AHMAD_EMAIL = "Ahmad@example.com"


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def make_ahmad(**fields):
    """Create a verified general user of an active account."""
    now = timezone.now()
    user = User.objects.create_user(
        AHMAD_EMAIL,
        STRONG_PASSWORD,
        first_name="Ahmad",
        last_name="Al-Sabah",
        civil_id=VALID_CIVIL_ID,
        mobile="+96551234567",
        language="en",
        email_verified_at=now,
        mobile_verified_at=now,
        **fields,
    )
    organization_services.open_pending_account(
        user=user, legal_entity=LegalEntity.objects.get(code="clearing_agent")
    )
    organization_services.activate_account_of(user)
    return user


@pytest.fixture
def ahmad(demo_data):
    return make_ahmad()


def request_code(client, email):
    page = client.get(RESET_URL)
    data = {"email": email, **solve_captcha(page.content.decode())}
    return client.post(RESET_URL, data)


def submit_code(client, code, password=NEW_PASSWORD, confirm=None):
    return client.post(
        CODE_URL,
        {"code": code, "password1": password, "password2": password if confirm is None else confirm},
    )


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def wrong_code(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def without_tokens(response) -> str:
    """Return the page with CSRF tokens and CAPTCHA keys replaced by placeholders."""
    page = response.content.decode()
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', page)
    return re.sub(r"[0-9a-f]{40}", "CAPTCHA-KEY", page)


def comparable_headers(response) -> dict:
    # Expires carries the current second; cookies carry the session key.
    return {
        name: value
        for name, value in response.headers.items()
        if name not in {"Expires", "Set-Cookie"}
    }


def reset_emails(user):
    return OutboxMessage.objects.filter(channel="email", recipient=user.email)


# The sign-in page.


def test_login_page_links_to_reset(client, demo_data):
    response = client.get("/accounts/login/")

    assert f'href="{RESET_URL}"' in response.content.decode()


# Requesting a code: the same response for every address.


def test_request_redirects_to_code_page(client, ahmad):
    response = request_code(client, ahmad.email)

    assert response.status_code == 302
    assert response["Location"] == CODE_URL


def test_request_sends_email_and_sms(client, ahmad):
    request_code(client, ahmad.email)

    assert OneTimeCode.objects.filter(user=ahmad, purpose=CodePurpose.PASSWORD_RESET).count() == 2
    assert re.fullmatch(r"\d{6}", last_code("email", ahmad.email))
    assert re.fullmatch(r"\d{6}", last_code("sms", ahmad.mobile))


def test_request_email_has_no_link(client, ahmad):
    request_code(client, ahmad.email)

    message = reset_emails(ahmad).get()
    assert "://" not in message.body
    assert "/accounts/" not in message.body


def test_request_ignores_email_case(client, ahmad):
    request_code(client, "AHMAD@EXAMPLE.COM")

    assert reset_emails(ahmad).count() == 1


# Each comparison runs the same address twice: once before its account
# exists and once after, so the pages can be compared byte for byte.


def test_request_identical_for_unknown_email(demo_data):
    unknown, known = Client(), Client()

    unknown_post = request_code(unknown, AHMAD_EMAIL)
    unknown_page = unknown.get(CODE_URL)
    make_ahmad()
    known_post = request_code(known, AHMAD_EMAIL)
    known_page = known.get(CODE_URL)

    assert known_post.status_code == unknown_post.status_code
    assert comparable_headers(known_post) == comparable_headers(unknown_post)
    assert known_post.content == unknown_post.content
    assert comparable_headers(known_page) == comparable_headers(unknown_page)
    assert without_tokens(known_page) == without_tokens(unknown_page)


def test_request_identical_for_unknown_email_within_cooldown(demo_data):
    unknown, known = Client(), Client()

    request_code(unknown, AHMAD_EMAIL)
    unknown_again = request_code(unknown, AHMAD_EMAIL)
    ahmad = make_ahmad()
    request_code(known, AHMAD_EMAIL)
    known_again = request_code(known, AHMAD_EMAIL)

    assert known_again.status_code == unknown_again.status_code == 200
    assert without_tokens(known_again) == without_tokens(unknown_again)
    assert reset_emails(ahmad).count() == 1


def test_wrong_code_identical_for_unknown_email(demo_data):
    unknown, known = Client(), Client()
    request_code(unknown, AHMAD_EMAIL)
    ahmad = make_ahmad()
    request_code(known, AHMAD_EMAIL)
    code = wrong_code(last_code("email", ahmad.email))

    unknown_answer = submit_code(unknown, code)
    known_answer = submit_code(known, code)

    assert known_answer.status_code == unknown_answer.status_code == 200
    assert without_tokens(known_answer) == without_tokens(unknown_answer)


def test_unknown_email_sends_nothing(client, demo_data):
    request_code(client, AHMAD_EMAIL)

    assert OutboxMessage.objects.count() == 0
    assert OneTimeCode.objects.count() == 0


def test_invalid_captcha_sends_nothing(client, ahmad):
    client.get(RESET_URL)
    captcha = solve_captcha(client.get(RESET_URL).content.decode())

    response = client.post(
        RESET_URL, {"email": ahmad.email, "captcha_0": captcha["captcha_0"], "captcha_1": "wrong"}
    )

    assert response.status_code == 200
    assert reset_emails(ahmad).count() == 0


def test_code_page_needs_request(client, demo_data):
    response = client.get(CODE_URL)

    assert response["Location"] == RESET_URL


def test_code_page_shows_password_rules(english, ahmad):
    request_code(english, ahmad.email)

    page = text_of(english.get(CODE_URL))

    assert "At least 8 characters." in page
    assert "a digit and a symbol" in page


def test_email_stays_out_of_urls(client, ahmad):
    response = request_code(client, ahmad.email)

    assert "example" not in response["Location"].lower()


# Resending: the same form, with the quota of accounts.codes.


def test_resend_within_cooldown_rejected(english, ahmad):
    request_code(english, ahmad.email)

    response = request_code(english, ahmad.email)

    assert "before requesting another code" in text_of(response)
    assert reset_emails(ahmad).count() == 1


def test_resend_replaces_code(english, ahmad, settings):
    settings.VERIFICATION_RESEND_COOLDOWN_SECONDS = 0
    request_code(english, ahmad.email)
    first = last_code("email", ahmad.email)
    request_code(english, ahmad.email)
    second = last_code("email", ahmad.email)

    response = submit_code(english, first)

    assert first != second
    assert str(errors.CODE_INVALID) in text_of(response)
    assert submit_code(english, second)["Location"] == DONE_URL


def test_resend_hourly_cap(english, ahmad, settings):
    settings.VERIFICATION_RESEND_COOLDOWN_SECONDS = 0
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "reset_password": "100/m/ip",
        "reset_password_email": "100/h/key",
    }
    for _attempt in range(settings.VERIFICATION_MAX_CODES_PER_HOUR):
        request_code(english, ahmad.email)

    response = request_code(english, ahmad.email)

    assert "You have requested too many codes" in text_of(response)
    assert reset_emails(ahmad).count() == settings.VERIFICATION_MAX_CODES_PER_HOUR


def test_request_form_keeps_email(english, ahmad):
    request_code(english, ahmad.email)

    page = english.get(RESET_URL).content.decode()

    assert f'value="{ahmad.email}"' in page


# Entering the code.


def test_reset_sets_new_password(english, ahmad):
    request_code(english, ahmad.email)

    response = submit_code(english, last_code("email", ahmad.email))

    assert response["Location"] == DONE_URL
    ahmad.refresh_from_db()
    assert ahmad.check_password(NEW_PASSWORD)


def test_done_page_leads_to_sign_in(english, ahmad):
    request_code(english, ahmad.email)
    submit_code(english, last_code("email", ahmad.email))

    response = english.get(DONE_URL)

    assert "Your password has been reset." in text_of(response)
    assert 'href="/accounts/login/"' in response.content.decode()
    assert "Your email address is now verified." not in text_of(response)


def test_done_page_needs_reset(client, demo_data):
    response = client.get(DONE_URL)

    assert response["Location"] == "/accounts/login/"


def test_sign_in_after_reset(english, ahmad):
    request_code(english, ahmad.email)
    submit_code(english, last_code("email", ahmad.email))
    old, new = Client(), Client()

    old_answer = old.post("/accounts/login/", {"login": ahmad.email, "password": STRONG_PASSWORD})
    new_answer = new.post("/accounts/login/", {"login": ahmad.email, "password": NEW_PASSWORD})

    assert old_answer.status_code == 200
    assert new_answer["Location"] == "/"
    assert new.session["_auth_user_id"] == str(ahmad.pk)


def test_sms_code_resets(english, ahmad):
    request_code(english, ahmad.email)

    response = submit_code(english, last_code("sms", ahmad.mobile))

    assert response["Location"] == DONE_URL


def test_arabic_indic_code_accepted(english, ahmad):
    request_code(english, ahmad.email)
    code = last_code("email", ahmad.email)
    arabic = code.translate({ord(str(digit)): chr(0x0660 + digit) for digit in range(10)})

    response = submit_code(english, arabic)

    assert response["Location"] == DONE_URL


def test_code_format_rejected(english, ahmad):
    request_code(english, ahmad.email)

    response = submit_code(english, "12ab")

    assert str(errors.CODE_FORMAT) in text_of(response)


def test_wrong_code_rejected(english, ahmad):
    request_code(english, ahmad.email)
    code = last_code("email", ahmad.email)

    response = submit_code(english, wrong_code(code))

    assert response.status_code == 200
    assert str(errors.CODE_INVALID) in text_of(response)
    assert f'value="{wrong_code(code)}"' in response.content.decode()
    assert NEW_PASSWORD not in response.content.decode()
    assert not User.objects.get(pk=ahmad.pk).check_password(NEW_PASSWORD)


def test_expired_code_rejected(english, ahmad):
    request_code(english, ahmad.email)
    OneTimeCode.objects.filter(user=ahmad).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    response = submit_code(english, last_code("email", ahmad.email))

    assert str(errors.CODE_INVALID) in text_of(response)
    assert not User.objects.get(pk=ahmad.pk).check_password(NEW_PASSWORD)


def test_code_expires_after_ten_minutes(client, ahmad):
    before = timezone.now()
    request_code(client, ahmad.email)

    record = OneTimeCode.objects.filter(user=ahmad, channel="email").get()

    assert record.expires_at - before <= timedelta(seconds=601)
    assert record.expires_at - before >= timedelta(seconds=599)


def test_too_many_attempts_lock_code(english, ahmad):
    request_code(english, ahmad.email)
    code = last_code("email", ahmad.email)
    for _attempt in range(settings.VERIFICATION_CODE_MAX_ATTEMPTS):
        response = submit_code(english, wrong_code(code))

    after_lock = submit_code(english, code)

    assert str(errors.CODE_LOCKED) in text_of(response)
    assert str(errors.CODE_LOCKED) in text_of(after_lock)
    assert not User.objects.get(pk=ahmad.pk).check_password(NEW_PASSWORD)


def test_code_works_once(english, ahmad):
    request_code(english, ahmad.email)
    code = last_code("email", ahmad.email)
    submit_code(english, code)
    # Within the cooldown of the stored quota, so no new code is sent.
    request_code(english, ahmad.email)

    response = submit_code(english, code, password="Another#Broker2028")

    assert str(errors.CODE_INVALID) in text_of(response)


def test_same_password_rejected(english, ahmad):
    request_code(english, ahmad.email)
    code = last_code("email", ahmad.email)

    response = submit_code(english, code, password=STRONG_PASSWORD)

    assert str(PASSWORD_SAME_AS_CURRENT) in text_of(response)
    assert 'id="field-password1"' in response.content.decode()
    assert submit_code(english, code)["Location"] == DONE_URL


def test_password_rules_apply(english, ahmad):
    request_code(english, ahmad.email)

    response = submit_code(english, last_code("email", ahmad.email), password="alllowercase1!")

    assert str(errors.PASSWORD_NEEDS_UPPER) in text_of(response)
    assert OneTimeCode.objects.filter(user=ahmad, failed_attempts=0).count() == 2


def test_password_like_name_rejected(english, ahmad):
    request_code(english, ahmad.email)

    response = submit_code(english, last_code("email", ahmad.email), password="Al-Sabah#2026")

    assert "too similar" in text_of(response)
    assert not User.objects.get(pk=ahmad.pk).check_password("Al-Sabah#2026")


def test_password_mismatch_rejected(english, ahmad):
    request_code(english, ahmad.email)

    response = submit_code(english, last_code("email", ahmad.email), confirm="Other#Broker2027")

    assert str(errors.PASSWORD_MISMATCH) in text_of(response)


def test_long_password_rejected_before_hashing(english, ahmad, monkeypatch):
    request_code(english, ahmad.email)
    code = last_code("email", ahmad.email)

    def no_hashing(*args, **kwargs):
        raise AssertionError("a password was hashed")

    monkeypatch.setattr("accounts.hashers.PortalArgon2PasswordHasher.encode", no_hashing)
    monkeypatch.setattr("accounts.hashers.PortalArgon2PasswordHasher.verify", no_hashing)
    response = submit_code(english, code, password="Aa1!" * 33)

    assert response.status_code == 200
    assert "at most 128 characters" in text_of(response)


# What a successful reset changes besides the password.


def test_reset_ends_other_sessions(english, ahmad):
    signed_in = Client()
    signed_in.post("/accounts/login/", {"login": ahmad.email, "password": STRONG_PASSWORD})
    assert signed_in.get("/").context["user"].is_authenticated
    request_code(english, ahmad.email)

    submit_code(english, last_code("email", ahmad.email))

    assert not signed_in.get("/").context["user"].is_authenticated


def test_reset_revokes_other_codes(english, ahmad):
    request_code(english, ahmad.email)

    submit_code(english, last_code("email", ahmad.email))

    assert not OneTimeCode.objects.filter(consumed_at=None, revoked_at=None).exists()


def test_reset_sends_changed_notice(english, ahmad):
    request_code(english, ahmad.email)

    submit_code(english, last_code("email", ahmad.email))

    notice = reset_emails(ahmad).first()
    assert notice.subject == "Your password on the customs e-services portal was changed"
    assert "support@customs.example" in notice.body


def test_notice_in_user_language(english, ahmad):
    ahmad.language = "ar"
    ahmad.save(update_fields=["language"])
    request_code(english, ahmad.email)

    submit_code(english, last_code("email", ahmad.email))

    with translation.override("ar"):
        expected = gettext("Your password on the customs e-services portal was changed")
    assert reset_emails(ahmad).first().subject == expected


def test_reset_clears_sign_in_failures(english, ahmad, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "2/h/key"}
    for _attempt in range(3):
        Client().post("/accounts/login/", {"login": ahmad.email, "password": "Wrong#Pass2026"})
    request_code(english, ahmad.email)
    submit_code(english, last_code("email", ahmad.email))

    response = Client().post("/accounts/login/", {"login": ahmad.email, "password": NEW_PASSWORD})

    assert response["Location"] == "/"


# Unverified and deactivated users.


def test_unverified_email_gets_verified(english, register, settings):
    # Registration has just sent a verification code to the same address.
    settings.VERIFICATION_RESEND_COOLDOWN_SECONDS = 0
    register()
    user = User.objects.get()
    reset = Client()
    reset.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    request_code(reset, user.email)

    submit_code(reset, last_code("email", user.email))

    user.refresh_from_db()
    assert user.email_verified_at is not None
    assert EmailAddress.objects.get(user=user).verified
    assert "Your email address is now verified." in text_of(reset.get(DONE_URL))
    assert user.membership.organization.status == Organization.Status.PENDING


def test_unverified_mobile_gets_no_sms(english, register, settings):
    # Registration has just sent a verification code to the same address.
    settings.VERIFICATION_RESEND_COOLDOWN_SECONDS = 0
    register()
    user = User.objects.get()

    request_code(Client(), user.email)

    assert OutboxMessage.objects.filter(channel="sms").count() == 1
    assert reset_emails(user).count() == 2


def test_unverified_user_fully_verified_is_activated(register, settings):
    settings.SMS_VERIFICATION_ENABLED = False
    settings.VERIFICATION_RESEND_COOLDOWN_SECONDS = 0
    register()
    user = User.objects.get()
    reset = Client()
    request_code(reset, user.email)

    submit_code(reset, last_code("email", user.email))

    user.refresh_from_db()
    assert user.membership.organization.status == Organization.Status.ACTIVE


def test_sms_code_does_not_verify_email(english, ahmad):
    User.objects.filter(pk=ahmad.pk).update(email_verified_at=None)
    request_code(english, ahmad.email)

    response = submit_code(english, last_code("sms", ahmad.mobile))

    ahmad.refresh_from_db()
    assert response["Location"] == DONE_URL
    assert ahmad.email_verified_at is None


def test_deactivated_user_gets_nothing(demo_data):
    unknown, deactivated = Client(), Client()
    unknown_post = request_code(unknown, AHMAD_EMAIL)
    unknown_page = unknown.get(CODE_URL)
    make_ahmad(is_active=False)

    deactivated_post = request_code(deactivated, AHMAD_EMAIL)

    assert deactivated_post.content == unknown_post.content
    assert deactivated_post["Location"] == unknown_post["Location"]
    assert without_tokens(deactivated.get(CODE_URL)) == without_tokens(unknown_page)
    assert OutboxMessage.objects.count() == 0


def test_deactivated_user_cannot_use_old_code(english, ahmad):
    request_code(english, ahmad.email)
    code = last_code("email", ahmad.email)
    User.objects.filter(pk=ahmad.pk).update(is_active=False)

    response = submit_code(english, code)

    assert str(errors.CODE_INVALID) in text_of(response)
    assert not User.objects.get(pk=ahmad.pk).check_password(NEW_PASSWORD)


# Rate limits.


def test_request_rate_limited_per_email(english, ahmad):
    for _attempt in range(5):
        request_code(english, ahmad.email)

    response = request_code(Client(), ahmad.email)

    assert response.status_code == 429
    assert reset_emails(ahmad).count() == 1


def test_request_rate_limit_identical_for_unknown_email(demo_data):
    unknown, known = Client(), Client()
    for _attempt in range(5):
        request_code(unknown, AHMAD_EMAIL)
    unknown_limited = request_code(unknown, AHMAD_EMAIL)
    cache.clear()
    make_ahmad()
    for _attempt in range(5):
        request_code(known, AHMAD_EMAIL)

    known_limited = request_code(known, AHMAD_EMAIL)

    assert known_limited.status_code == unknown_limited.status_code == 429
    assert without_tokens(known_limited) == without_tokens(unknown_limited)


def test_code_rate_limited_before_check(english, ahmad, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password_code": "2/m/key"}
    request_code(english, ahmad.email)
    code = last_code("email", ahmad.email)
    submit_code(english, wrong_code(code))
    submit_code(english, wrong_code(code))

    response = submit_code(english, code)

    assert response.status_code == 429
    assert str(errors.TOO_MANY_REQUESTS) in text_of(response)
    assert not User.objects.get(pk=ahmad.pk).check_password(NEW_PASSWORD)
    assert OneTimeCode.objects.get(user=ahmad, channel="email").failed_attempts == 2


# Secrets stay out of logs.


def test_code_absent_from_logs(english, ahmad, caplog):
    caplog.set_level(logging.DEBUG)
    request_code(english, ahmad.email)
    code = last_code("email", ahmad.email)
    sms_code = last_code("sms", ahmad.mobile)
    submit_code(english, wrong_code(code))
    submit_code(english, code)

    logged = "\n".join(record.getMessage() for record in caplog.records)

    assert caplog.records
    assert code not in logged
    assert sms_code not in logged
    assert wrong_code(code) not in logged
    assert NEW_PASSWORD not in logged
    assert ahmad.email.lower() not in logged.lower()


def test_wrong_captcha_spends_no_email_allowance(english, ahmad, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "100/m/ip"}
    for _attempt in range(6):
        page = english.get(RESET_URL).content.decode()
        answer = solve_captcha(page)
        answer["captcha_1"] = answer["captcha_1"].swapcase()
        english.post(RESET_URL, {"email": ahmad.email, **answer})

    response = request_code(english, ahmad.email)

    assert response.status_code == 302
    assert reset_emails(ahmad).count() == 1


def test_reset_right_after_verification_code_sends(client, register):
    register()
    client.cookies.clear()
    user = User.objects.get()

    request_code(client, user.email)

    assert OneTimeCode.objects.filter(user=user, purpose="password_reset").count() == 1
    assert OutboxMessage.objects.filter(recipient=user.email).count() == 2
