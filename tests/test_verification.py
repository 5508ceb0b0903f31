"""Email and SMS verification codes after registration, over HTTP."""

from datetime import timedelta

import pytest
from django.forms.models import model_to_dict
from django.utils import translation

from accounts import errors
from accounts.models import OneTimeCode, User
from notifications.models import OutboxMessage
from organizations.models import Organization
from tests.conftest import STRONG_PASSWORD, last_code, page_form, translated

pytestmark = pytest.mark.django_db

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@pytest.fixture
def registrant(register):
    """Mona: registered a moment ago, with both codes waiting in the outbox."""
    register(first_name="منى", email="mona@example.com")
    return User.objects.get()


def codes_of(user):
    return {"email": last_code("email", user.email), "sms": last_code("sms", user.mobile)}


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def age_codes(seconds: int):
    """Move every code's creation and expiry seconds into the past."""
    for record in OneTimeCode.objects.all():
        record.created_at -= timedelta(seconds=seconds)
        record.expires_at -= timedelta(seconds=seconds)
        record.save()


def post_codes(client, email_code=None, sms_code=None):
    data = {}
    if email_code is not None:
        data["email_code"] = email_code
    if sms_code is not None:
        data["sms_code"] = sms_code
    return client.post("/accounts/verify/", data)


def cooldown_messages(language="ar"):
    # The page is rendered within a second of the code, or just after.
    with translation.override(language):
        return {errors.resend_wait_message(seconds, 4) for seconds in (60, 59)}


def resend(client, channel):
    return client.post("/accounts/verify/resend/", {"channel": channel}, follow=True)


# Codes


@pytest.mark.parametrize("channel", ["email", "sms"])
def test_code_is_six_digits(registrant, channel):
    code = codes_of(registrant)[channel]

    assert len(code) == 6
    assert code.isascii()
    assert code.isdigit()


def test_code_stored_only_as_hash(registrant):
    sent = codes_of(registrant)

    for record in OneTimeCode.objects.all():
        stored = " ".join(str(value) for value in model_to_dict(record).values())
        assert sent[record.channel] not in stored
        assert len(record.code_hash) == 64


def test_code_expires_after_ttl(registrant):
    record = OneTimeCode.objects.first()

    assert (record.expires_at - record.created_at).total_seconds() == 600


def test_code_works_before_expiry(client, registrant):
    sent = codes_of(registrant)
    age_codes(599)

    response = post_codes(client, sent["email"], sent["sms"])

    assert response["Location"] == "/accounts/verified/"


def test_expired_code_rejected(client, registrant):
    sent = codes_of(registrant)
    age_codes(601)

    response = post_codes(client, sent["email"], sent["sms"])

    shown = page_form(response).errors
    assert shown["email_code"] == [translated(errors.CODE_INVALID)]
    assert shown["sms_code"] == [translated(errors.CODE_INVALID)]
    registrant.refresh_from_db()
    assert registrant.email_verified_at is None
    assert registrant.mobile_verified_at is None


@pytest.mark.parametrize("digits", [ARABIC_INDIC, PERSIAN], ids=["arabic_indic", "persian"])
def test_code_in_arabic_digits_accepted(client, registrant, digits):
    sent = codes_of(registrant)

    response = post_codes(client, sent["email"].translate(digits), sent["sms"].translate(digits))

    assert response["Location"] == "/accounts/verified/"


def test_code_with_spaces_accepted(client, registrant):
    sent = codes_of(registrant)

    response = post_codes(client, f" {sent['email'][:3]} {sent['email'][3:]} ", sent["sms"])

    assert response["Location"] == "/accounts/verified/"


@pytest.mark.parametrize("typed", ["12345", "1234567", "12345a", "١٢٣٤٥", "१२३४५६", "x" * 10_000])
def test_malformed_code_rejected(client, registrant, typed):
    response = post_codes(client, typed, codes_of(registrant)["sms"])

    assert response.status_code == 200
    assert page_form(response).errors["email_code"]


def test_missing_code_rejected(client, registrant):
    response = post_codes(client, "", "")

    shown = page_form(response).errors
    assert shown["email_code"] == [translated(errors.CODE_REQUIRED)]
    assert shown["sms_code"] == [translated(errors.CODE_REQUIRED)]


# Attempt limit


def test_four_wrong_attempts_leave_code_usable(client, registrant):
    sent = codes_of(registrant)
    for _attempt in range(4):
        post_codes(client, wrong(sent["email"]), wrong(sent["sms"]))

    response = post_codes(client, sent["email"], sent["sms"])

    assert response["Location"] == "/accounts/verified/"


def test_fifth_wrong_attempt_kills_code(client, registrant):
    sent = codes_of(registrant)
    for _attempt in range(5):
        response = post_codes(client, wrong(sent["email"]), wrong(sent["sms"]))
    assert page_form(response).errors["email_code"] == [translated(errors.CODE_LOCKED)]

    response = post_codes(client, sent["email"], sent["sms"])

    assert page_form(response).errors["email_code"] == [translated(errors.CODE_LOCKED)]
    assert page_form(response).errors["sms_code"] == [translated(errors.CODE_LOCKED)]
    registrant.refresh_from_db()
    assert registrant.email_verified_at is None


def test_new_code_works_after_lock(client, registrant):
    sent = codes_of(registrant)
    for _attempt in range(5):
        post_codes(client, wrong(sent["email"]), sent["sms"])
    age_codes(61)
    resend(client, "email")

    response = post_codes(client, last_code("email", registrant.email))

    assert response["Location"] == "/accounts/verified/"


# Each channel on its own


def test_right_email_code_counts_alone(client, registrant):
    sent = codes_of(registrant)

    response = post_codes(client, sent["email"], wrong(sent["sms"]))

    registrant.refresh_from_db()
    assert registrant.email_verified_at is not None
    assert registrant.mobile_verified_at is None
    assert "email_code" not in page_form(response).values
    assert page_form(response).errors["sms_code"] == [translated(errors.CODE_INVALID)]


def test_right_sms_code_counts_alone(client, registrant):
    sent = codes_of(registrant)

    post_codes(client, wrong(sent["email"]), sent["sms"])

    registrant.refresh_from_db()
    assert registrant.email_verified_at is None
    assert registrant.mobile_verified_at is not None


def test_second_channel_finishes_verification(client, registrant):
    sent = codes_of(registrant)
    post_codes(client, sent["email"], wrong(sent["sms"]))

    response = post_codes(client, sms_code=sent["sms"])

    assert response["Location"] == "/accounts/verified/"
    registrant.refresh_from_db()
    assert registrant.is_verified
    assert registrant.membership.organization.status == Organization.Status.ACTIVE


def test_email_code_in_sms_field_rejected(client, registrant):
    sent = codes_of(registrant)

    post_codes(client, sent["sms"], sent["email"])

    registrant.refresh_from_db()
    assert registrant.email_verified_at is None
    assert registrant.mobile_verified_at is None


def test_verification_does_not_sign_in(client, registrant):
    sent = codes_of(registrant)

    post_codes(client, sent["email"], sent["sms"])

    assert "_auth_user_id" not in client.session


def test_verified_page_follows_verification(client, registrant):
    sent = codes_of(registrant)
    post_codes(client, sent["email"], sent["sms"])

    assert client.get("/accounts/verified/").status_code == 200
    assert client.get("/accounts/verified/")["Location"] == "/accounts/login/"


# Resending


@pytest.mark.parametrize("channel", ["email", "sms"])
def test_resend_replaces_old_code(client, registrant, channel):
    old = codes_of(registrant)[channel]
    age_codes(61)

    resend(client, channel)

    assert OutboxMessage.objects.filter(channel=channel).count() == 2
    response = post_codes(client, **{"email_code": "000000", "sms_code": "000000", f"{channel}_code": old})
    assert page_form(response).errors[f"{channel}_code"] == [translated(errors.CODE_INVALID)]


@pytest.mark.parametrize("channel", ["email", "sms"])
def test_resent_code_works(client, registrant, channel):
    age_codes(61)
    resend(client, channel)
    other = "sms" if channel == "email" else "email"

    response = post_codes(client, **{f"{channel}_code": codes_of(registrant)[channel], f"{other}_code": "000000"})

    registrant.refresh_from_db()
    verified_at = registrant.email_verified_at if channel == "email" else registrant.mobile_verified_at
    assert verified_at is not None
    assert response.status_code == 200


@pytest.mark.parametrize("channel", ["email", "sms"])
def test_resend_within_cooldown_refused(client, registrant, channel):
    response = resend(client, channel)

    assert OutboxMessage.objects.filter(channel=channel).count() == 1
    assert page_form(response).messages[0] in cooldown_messages()


def test_cooldown_shown_on_page(client, english, registrant):
    response = client.get("/accounts/verify/")

    text = response.content.decode()
    assert "You can request a new code in 60 seconds." in text or "You can request a new code in 59 seconds." in text
    assert "4 code requests left this hour." in text


@pytest.mark.parametrize("channel", ["email", "sms"])
def test_hourly_cap_of_five(client, english, registrant, channel):
    for _resend in range(4):
        age_codes(61)
        resend(client, channel)
    assert OutboxMessage.objects.filter(channel=channel).count() == 5
    age_codes(61)

    response = resend(client, channel)

    assert OutboxMessage.objects.filter(channel=channel).count() == 5
    # The first code was sent 5 x 61 seconds ago, so the hour resets in 55 minutes.
    with translation.override("en"):
        expected = errors.resend_wait_message(55 * 60, 0)
    assert page_form(response).messages == [expected]
    assert "0 code requests left this hour." in response.content.decode()


def test_hourly_cap_counts_per_destination(client, register):
    """A second account with the same mobile shares the mobile's quota."""
    register(email="mona@example.com")
    for _resend in range(4):
        age_codes(61)
        resend(client, "sms")
    client.cookies.clear()

    from tests.test_registration_fields import valid_civil_id

    register(email="salem@example.com", civil_id=valid_civil_id("28512250012"))

    assert OutboxMessage.objects.filter(channel="sms").count() == 5
    assert OutboxMessage.objects.filter(channel="email", recipient="salem@example.com").count() == 1


def test_resend_unknown_channel_ignored(client, registrant):
    age_codes(61)

    client.post("/accounts/verify/resend/", {"channel": "fax"})

    assert OutboxMessage.objects.count() == 2


def test_resend_by_get_not_allowed(client, registrant):
    assert client.get("/accounts/verify/resend/?channel=email").status_code == 405


def test_resend_without_registration_goes_to_sign_in(client, demo_data):
    response = client.post("/accounts/verify/resend/", {"channel": "email"})

    assert response["Location"] == "/accounts/login/"


# SMS verification switched off


@pytest.fixture
def email_only(settings):
    settings.SMS_VERIFICATION_ENABLED = False


def test_sms_off_sends_only_email(email_only, registrant):
    assert OutboxMessage.objects.filter(channel="sms").count() == 0
    assert OutboxMessage.objects.filter(channel="email").count() == 1


def test_sms_off_asks_only_email_code(client, email_only, registrant):
    response = client.get("/accounts/verify/")

    fields = page_form(response).values
    assert "email_code" in fields
    assert "sms_code" not in fields


def test_sms_off_email_code_verifies(client, email_only, registrant):
    response = post_codes(client, last_code("email", registrant.email))

    assert response["Location"] == "/accounts/verified/"
    registrant.refresh_from_db()
    assert registrant.is_verified


def test_sms_off_resend_sms_sends_nothing(client, email_only, registrant):
    age_codes(61)

    client.post("/accounts/verify/resend/", {"channel": "sms"})

    assert OutboxMessage.objects.filter(channel="sms").count() == 0


# Decoy registration for an address that already has an account


@pytest.fixture
def decoy(client, verified_user, register):
    """A second registration with Ahmad's email from another browser."""
    from tests.test_registration_fields import valid_civil_id

    client.cookies.clear()
    response = register(civil_id=valid_civil_id("28512250012"), email="ahmad@EXAMPLE.com")
    assert response["Location"] == "/accounts/verify/"
    return verified_user


def test_decoy_shows_same_verification_page(client, decoy):
    response = client.get("/accounts/verify/")

    assert response.status_code == 200
    fields = page_form(response).values
    assert "email_code" in fields
    assert "sms_code" in fields


def test_decoy_accepts_no_code(client, decoy):
    response = post_codes(client, last_code("email", decoy.email), last_code("sms", decoy.mobile))

    assert response.status_code == 200
    assert page_form(response).errors["email_code"] == [translated(errors.CODE_INVALID)]
    assert page_form(response).errors["sms_code"] == [translated(errors.CODE_INVALID)]


def test_decoy_resend_refused_like_real(client, decoy):
    response = resend(client, "email")

    assert page_form(response).messages[0] in cooldown_messages()


def test_decoy_page_shows_cooldown(client, decoy, english):
    response = client.get("/accounts/verify/")

    text = response.content.decode()
    assert "4 code requests left this hour." in text


def test_decoy_sends_no_code(client, decoy):
    sent = OutboxMessage.objects.order_by("id")[2:]

    assert [(m.channel, m.recipient) for m in sent] == [("email", "ahmad@example.com")]
    assert sent[0].subject == translated("Registration attempt on the customs e-services portal")


# Language of the messages


def test_english_registrant_gets_english_codes(client, english, register):
    register()
    user = User.objects.get()

    email = OutboxMessage.objects.get(channel="email")
    sms = OutboxMessage.objects.get(channel="sms")
    assert user.language == "en"
    assert email.subject == "Your verification code for the customs e-services portal"
    assert sms.body.startswith("Customs portal verification code:")


def test_arabic_registrant_gets_arabic_codes(client, register):
    register()
    user = User.objects.get()

    email = OutboxMessage.objects.get(channel="email")
    assert user.language == "ar"
    assert email.subject == translated("Your verification code for the customs e-services portal")


# Page access and request limits


def test_verify_without_registration_goes_to_sign_in(client, demo_data):
    response = client.get("/accounts/verify/")

    assert response["Location"] == "/accounts/login/"


def test_verify_rate_limited_per_address(client, registrant):
    sent = codes_of(registrant)
    for _attempt in range(30):
        client.post("/accounts/verify/", {"email_code": "12345", "sms_code": "12345"})

    response = post_codes(client, sent["email"], sent["sms"])

    assert page_form(response).errors[None] == [translated(errors.TOO_MANY_REQUESTS)]
    registrant.refresh_from_db()
    assert registrant.email_verified_at is None


def test_cancel_discards_fresh_registration(client, register):
    register()

    response = client.post("/accounts/verify/cancel/")

    assert response["Location"] == "/accounts/register/"
    assert not User.objects.exists()
    assert not Organization.objects.exists()
    assert client.get("/accounts/verify/")["Location"] == "/accounts/login/"


def test_cancel_after_sign_in_keeps_user(client, register):
    register()
    client.post("/accounts/verify/cancel/")
    register()
    client.cookies.clear()
    client.post("/accounts/login/", {"login": "ahmad@example.com", "password": STRONG_PASSWORD})

    response = client.post("/accounts/verify/cancel/")

    assert response["Location"] == "/"
    assert User.objects.count() == 1


def test_one_verified_channel_is_announced(client, register):
    register()
    user = User.objects.get()

    response = client.post(
        "/accounts/verify/",
        {"email_code": last_code("email", user.email), "sms_code": "000000"},
        follow=True,
    )

    page = response.content.decode()
    assert translated("Your email address has been verified.") in page
    assert 'name="email_code"' not in page
    assert 'name="sms_code"' in page


def test_cancel_after_sign_in_explains(client, register):
    register()
    client.cookies.clear()
    client.post("/accounts/login/", {"login": "ahmad@example.com", "password": STRONG_PASSWORD})

    response = client.post("/accounts/verify/cancel/", follow=True)

    assert page_form(response).messages == [
        translated("Verification was cancelled. Your registration is kept: sign in again to receive new codes.")
    ]
