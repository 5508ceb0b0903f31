"""Field rules of the registration form, posted over HTTP."""

import pytest
from captcha.models import CaptchaStore
from django.contrib.auth.hashers import identify_hasher
from localflavor.kw.utils import is_valid_civil_id

from accounts import errors
from accounts.hashers import PortalArgon2PasswordHasher
from accounts.models import OneTimeCode, User
from notifications.models import OutboxMessage
from organizations.models import Organization
from tests.conftest import (
    STRONG_PASSWORD,
    VALID_CIVIL_ID,
    page_form,
    registration_data,
    solve_captcha,
    translated,
)

pytestmark = pytest.mark.django_db

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
BIDI_CONTROLS = [
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
    "\u2066", "\u2067", "\u2068", "\u2069",
    "\u200e", "\u200f",
]  # fmt: skip


def with_check_digit(first_ten: str) -> str:
    """Complete a civil ID with a serial digit and its check digit.

    Only the weighted check is applied, so the century and birth date in
    first_ten may be invalid on purpose.
    """
    weights = (2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    for serial in "0123456789":
        check = 11 - sum(w * int(d) for w, d in zip(weights, first_ten + serial)) % 11
        if check <= 9:
            return f"{first_ten}{serial}{check}"
    raise AssertionError(f"no serial digit gives {first_ten} a check digit")


def valid_civil_id(first_eleven: str) -> str:
    return next(first_eleven + digit for digit in "0123456789" if is_valid_civil_id(first_eleven + digit))


def assert_nothing_saved():
    assert User.objects.count() == 0
    assert Organization.objects.count() == 0
    assert OneTimeCode.objects.count() == 0
    assert OutboxMessage.objects.count() == 0


def assert_rejected(response, field, message=None):
    assert response.status_code == 200
    errors_shown = page_form(response).errors.get(field, [])
    assert errors_shown, f"no error beside {field}"
    if message is not None:
        assert translated(message) in errors_shown
    assert_nothing_saved()


# Names


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("أحمد", "أحمد"),
        ("عبد الله", "عبد الله"),
        ("مُحَمَّد", "مُحَمَّد"),
        ("Al-Sabah", "Al-Sabah"),
        ("O'Brien", "O'Brien"),
        ("Zoë", "Zoë"),
        ("  Mona  ", "Mona"),
        ("a" * 50, "a" * 50),
    ],
)
def test_name_accepted(register, typed, stored):
    response = register(first_name=typed, last_name=typed)

    assert response.status_code == 302
    user = User.objects.get()
    assert user.first_name == stored
    assert user.last_name == stored


@pytest.mark.parametrize(
    "typed",
    [
        "Ahmad2",
        "أحمد٣",
        "Ahmad!",
        "--",
        "<b>Ahmad</b>",
        *(f"Ahm{control}ad" for control in BIDI_CONTROLS),
    ],
)
@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_name_rejected(register, field, typed):
    response = register(**{field: typed})

    assert_rejected(response, field, errors.NAME_INVALID)


@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_name_of_51_letters_rejected(register, field):
    response = register(**{field: "a" * 51})

    assert_rejected(response, field, translated(errors.NAME_TOO_LONG, max=50))


@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_name_of_spaces_only_rejected(register, field):
    response = register(**{field: "   "})

    assert_rejected(response, field, errors.REQUIRED)


# Gender


@pytest.mark.parametrize("gender", ["male", "female"])
def test_gender_accepted(register, gender):
    register(gender=gender)

    assert User.objects.get().gender == gender


@pytest.mark.parametrize("gender", ["", "other", "MALE"])
def test_gender_rejected(register, gender):
    response = register(gender=gender)

    assert_rejected(response, "gender")


# Civil ID


@pytest.mark.parametrize(
    "typed",
    [
        VALID_CIVIL_ID,
        VALID_CIVIL_ID.translate(ARABIC_INDIC),
        VALID_CIVIL_ID.translate(PERSIAN),
        f"  {VALID_CIVIL_ID}  ",
        f" {VALID_CIVIL_ID.translate(ARABIC_INDIC)}\t",
    ],
)
def test_civil_id_accepted_as_ascii(register, typed):
    response = register(civil_id=typed)

    assert response.status_code == 302
    assert User.objects.get().civil_id == VALID_CIVIL_ID


@pytest.mark.parametrize(
    "civil_id",
    [
        valid_civil_id("19912310012"),  # born 1899-12-31
        valid_civil_id("30002290012"),  # born 2000-02-29
        valid_civil_id("28512250012"),  # born 1985-12-25
    ],
)
def test_civil_id_of_other_valid_births_accepted(register, civil_id):
    register(civil_id=civil_id)

    assert User.objects.get().civil_id == civil_id


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (VALID_CIVIL_ID.translate(DEVANAGARI), errors.CIVIL_ID_INVALID),
        (VALID_CIVIL_ID.translate(FULL_WIDTH), errors.CIVIL_ID_INVALID),
        (VALID_CIVIL_ID[:11], errors.CIVIL_ID_LENGTH),
        (VALID_CIVIL_ID + "0", errors.CIVIL_ID_LENGTH),
        ("2900-1011-2346", errors.CIVIL_ID_LENGTH),
        ("29001011234a", errors.CIVIL_ID_LENGTH),
        ("290010112345", errors.CIVIL_ID_INVALID),  # wrong check digit
        (with_check_digit("4900101123"), errors.CIVIL_ID_INVALID),  # no such century
        (with_check_digit("0900101123"), errors.CIVIL_ID_INVALID),
        (with_check_digit("2901301123"), errors.CIVIL_ID_INVALID),  # month 13
        (with_check_digit("2900230123"), errors.CIVIL_ID_INVALID),  # 30 February
        (with_check_digit("2990029123"), errors.CIVIL_ID_INVALID),  # 29 February 1999
        (with_check_digit("2900100123"), errors.CIVIL_ID_INVALID),  # day 0
    ],
)
def test_civil_id_rejected(register, typed, message):
    response = register(civil_id=typed)

    assert_rejected(response, "civil_id", message)


def test_civil_id_of_spaces_only_rejected(register):
    response = register(civil_id="   ")

    assert_rejected(response, "civil_id", errors.REQUIRED)


# Mobile


@pytest.mark.parametrize(
    "typed",
    [
        "51234567",
        "5123 4567",
        "+96551234567",
        "+965 5123 4567",
        "0096551234567",
        "00965-5123-4567",
        "٥١٢٣٤٥٦٧",
        "+٩٦٥٥١٢٣٤٥٦٧",
        "  51234567  ",
    ],
)
def test_mobile_accepted_as_e164(register, typed):
    response = register(mobile=typed)

    assert response.status_code == 302
    assert User.objects.get().mobile == "+96551234567"


@pytest.mark.parametrize(
    "typed",
    [
        "22345678",  # Kuwaiti landline
        "+96522345678",
        "5123456",
        "512345678",
        "mobile",
        "51234567".translate(DEVANAGARI),
        "51234567".translate(FULL_WIDTH),
    ],
)
def test_mobile_rejected(register, typed):
    response = register(mobile=typed)

    assert_rejected(response, "mobile", errors.MOBILE_INVALID)


# Email


def test_email_trimmed_with_domain_lower_cased(register):
    register(email="  Mona.Salem@Example.COM  ")

    assert User.objects.get().email == "Mona.Salem@example.com"


@pytest.mark.parametrize("typed", ["mona", "mona@", "@example.com", "mona@@example.com", "mona example@x.com"])
def test_email_rejected(register, typed):
    response = register(email=typed)

    assert_rejected(response, "email")


# Passwords


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1#xyz", translated(errors.PASSWORD_TOO_SHORT, min=8)),
        ("clear#agent2026", errors.PASSWORD_NEEDS_UPPER),
        ("CLEAR#AGENT2026", errors.PASSWORD_NEEDS_LOWER),
        ("Clear#AgentNoDigit", errors.PASSWORD_NEEDS_DIGIT),
        ("ClearAgent2026", errors.PASSWORD_NEEDS_SYMBOL),
        ("Password1!", None),  # in Django's common-password list
    ],
)
def test_password_rule_enforced(register, password, message):
    response = register(password1=password, password2=password)

    assert_rejected(response, "password1", message)


def test_password_like_email_rejected(register):
    password = "Sabah.Agent@example1"

    response = register(email="Sabah.Agent@example.com", password1=password, password2=password)

    assert_rejected(response, "password1")


@pytest.mark.parametrize(
    "overrides",
    [
        {"first_name": "Maximilian", "password1": "Maximilian#1", "password2": "Maximilian#1"},
        {"last_name": "Fitzgerald", "password1": "Fitzgerald#1", "password2": "Fitzgerald#1"},
        {"password1": "A#290010112346b", "password2": "A#290010112346b"},
    ],
    ids=["first_name", "last_name", "civil_id"],
)
def test_password_like_personal_details_rejected(register, overrides):
    response = register(**overrides)

    assert_rejected(response, "password1")


def test_password_mismatch_rejected(register):
    response = register(password2=STRONG_PASSWORD + "x")

    assert_rejected(response, "password2", errors.PASSWORD_MISMATCH)


def test_password_of_128_characters_accepted(register):
    password = ("Aa1#" * 32)[:128]

    response = register(password1=password, password2=password)

    assert response.status_code == 302
    assert User.objects.get().check_password(password)


@pytest.mark.parametrize("length", [129, 1000, 100_000])
def test_password_over_128_rejected_before_hashing(register, monkeypatch, length):
    password = ("Aa1#" * (length // 4 + 1))[:length]
    calls = []
    original = PortalArgon2PasswordHasher.encode
    monkeypatch.setattr(
        PortalArgon2PasswordHasher,
        "encode",
        lambda self, *args, **kwargs: calls.append(1) or original(self, *args, **kwargs),
    )

    response = register(password1=password, password2=password)

    assert_rejected(response, "password1", translated(errors.PASSWORD_TOO_LONG, limit_value=128))
    assert calls == []


def test_password_stored_as_argon2id(register):
    register()

    encoded = User.objects.get().password
    assert encoded.startswith("argon2$argon2id$")
    details = identify_hasher(encoded).decode(encoded)
    assert details["memory_cost"] >= 19456
    assert details["time_cost"] >= 2


# CAPTCHA


def post_with_captcha(client, answer_of):
    """Post the form with answer_of(challenge), the challenge fixed to mixed case."""
    page = client.get("/accounts/register/")
    hashkey = solve_captcha(page.content.decode())["captcha_0"]
    # A random challenge may lack letters of one case, which would make the
    # case variants correct by accident.
    CaptchaStore.objects.filter(hashkey=hashkey).update(challenge="AbDe7", response="AbDe7")
    data = registration_data() | {"captcha_0": hashkey, "captcha_1": answer_of("AbDe7")}
    return client.post("/accounts/register/", data), data


@pytest.mark.parametrize(
    "answer_of",
    [str.swapcase, str.lower, str.upper, lambda text: "", lambda text: text[:-1], lambda text: "x" * 10_000],
    ids=["swapped_case", "lower_case", "upper_case", "empty", "short", "over_long"],
)
def test_captcha_wrong_answer_rejected(client, demo_data, answer_of):
    response, _ = post_with_captcha(client, answer_of)

    assert_rejected(response, "captcha")


def test_captcha_exact_answer_accepted(client, demo_data):
    response, _ = post_with_captcha(client, str)

    assert response.status_code == 302


def test_captcha_hashkey_single_use(client, demo_data):
    page = client.get("/accounts/register/")
    captcha = solve_captcha(page.content.decode())
    client.post("/accounts/register/", registration_data(first_name="1") | captcha)

    response = client.post("/accounts/register/", registration_data() | captcha)

    assert_rejected(response, "captcha", errors.CAPTCHA_INVALID)


def test_captcha_unknown_hashkey_rejected(client, demo_data):
    response = client.post(
        "/accounts/register/", registration_data() | {"captcha_0": "0" * 40, "captcha_1": "ABDEF"}
    )

    assert_rejected(response, "captcha", errors.CAPTCHA_INVALID)


def test_captcha_deleted_after_wrong_answer(client, demo_data):
    response, data = post_with_captcha(client, str.swapcase)

    assert not CaptchaStore.objects.filter(hashkey=data["captcha_0"]).exists()


# Terms


@pytest.mark.parametrize("accept_terms", ["", "false"])
def test_terms_required(register, accept_terms):
    response = register(accept_terms=accept_terms)

    assert_rejected(response, "accept_terms")


def test_terms_required_message(register):
    response = register(accept_terms="")

    assert_rejected(response, "accept_terms", errors.TERMS_REQUIRED)


# Legal entity


@pytest.mark.parametrize("legal_entity", ["", "0", "abc", "-1", "9" * 30])
def test_legal_entity_rejected(register, legal_entity):
    response = register(legal_entity=legal_entity)

    assert_rejected(response, "legal_entity")


# The rejected page


def test_rejected_form_keeps_typed_values(register):
    response = register(civil_id="290010112345", first_name=" Mona ", email="mona@example.com")

    form = page_form(response)
    assert form.values["first_name"] == " Mona "
    assert form.values["last_name"] == "Al-Sabah"
    assert form.values["civil_id"] == "290010112345"
    assert form.values["mobile"] == "51234567"
    assert form.values["email"] == "mona@example.com"
    assert "gender=male" in form.checked
    assert "accept_terms=on" in form.checked


def test_rejected_form_clears_passwords_and_captcha(register):
    response = register(civil_id="290010112345")

    form = page_form(response)
    assert form.values["password1"] == ""
    assert form.values["password2"] == ""
    assert form.values["captcha_1"] == ""


def test_rejected_form_shows_new_captcha(client, demo_data):
    response, data = post_with_captcha(client, str.swapcase)

    assert page_form(response).values["captcha_0"] != data["captcha_0"]


def test_every_error_beside_its_field(register):
    response = register(first_name="1", civil_id="1", mobile="1", email="x", password2="y", accept_terms="")

    shown = page_form(response).errors
    assert set(shown) == {"first_name", "civil_id", "mobile", "email", "password2", "accept_terms"}


OVER_LONG = {
    "legal_entity": "9" * 5000,
    "first_name": "a" * 10_000,
    "last_name": "ب" * 10_000,
    "gender": "m" * 10_000,
    "civil_id": "2" * 10_000,
    "mobile": "5" * 10_000,
    "email": "a" * 10_000 + "@example.com",
}


@pytest.mark.parametrize("field", list(OVER_LONG))
def test_over_long_input_rejected(register, field):
    response = register(**{field: OVER_LONG[field]})

    assert_rejected(response, field)


def test_over_long_captcha_hashkey_rejected(client, demo_data):
    response = client.post(
        "/accounts/register/", registration_data() | {"captcha_0": "f" * 10_000, "captcha_1": "ABDEF"}
    )

    assert_rejected(response, "captcha")


def test_over_long_email_domain_rejected(register):
    response = register(email="mona@" + "a" * 300 + ".com")

    assert_rejected(response, "email")


# Duplicates, handled without telling the registrant


def register_twice(client, register, **second):
    """Register Ahmad, then post second's details from a fresh browser."""
    register()
    client.cookies.clear()
    OutboxMessage.objects.all().delete()
    return register(**second)


@pytest.mark.parametrize(
    "second",
    [
        {"email": "mona@example.com"},  # same civil ID
        {"civil_id": valid_civil_id("29505050012"), "email": "ahmad@example.com"},
        {"civil_id": valid_civil_id("29505050012"), "email": "AHMAD@EXAMPLE.COM"},
        {"civil_id": valid_civil_id("29505050012"), "email": " Ahmad@Example.COM "},
    ],
    ids=["civil_id", "email_lower", "email_upper", "email_spaces"],
)
def test_duplicate_redirects_like_success(client, register, second):
    response = register_twice(client, register, **second)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/verify/"


@pytest.mark.parametrize(
    "second",
    [
        {"email": "mona@example.com"},
        {"civil_id": valid_civil_id("29505050012"), "email": "AHMAD@example.com"},
    ],
    ids=["civil_id", "email"],
)
def test_duplicate_creates_no_user(client, register, second):
    register_twice(client, register, **second)

    assert User.objects.count() == 1
    assert Organization.objects.count() == 1
    assert OneTimeCode.objects.exclude(user__email="Ahmad@example.com").count() == 0


@pytest.mark.parametrize(
    ("second", "recipient"),
    [
        ({"email": "mona@example.com"}, "mona@example.com"),
        ({"civil_id": valid_civil_id("29505050012"), "email": "AHMAD@example.com"}, "AHMAD@example.com"),
    ],
    ids=["civil_id", "email"],
)
def test_duplicate_emails_submitted_address(client, register, second, recipient):
    register_twice(client, register, **second)

    # The owner of a reused civil ID is warned too, at their own address.
    messages = list(OutboxMessage.objects.exclude(recipient="Ahmad@example.com"))
    assert [(m.channel, m.recipient) for m in messages] == [("email", recipient)]
    assert translated("Registration attempt on the customs e-services portal") == messages[0].subject


def test_duplicate_page_same_as_success(client, register):
    first = register()
    first_page = client.get(first["Location"])
    client.cookies.clear()

    second = register(email="mona@example.com")
    second_page = client.get(second["Location"])

    assert second_page.status_code == first_page.status_code
    assert page_form(second_page).values.keys() == page_form(first_page).values.keys()
