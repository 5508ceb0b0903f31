"""Normalisation of what users type: digits in Arabic scripts, phones, emails."""

import unicodedata

import phonenumbers

# Arabic-Indic (U+0660..U+0669) and Extended Arabic-Indic, the Persian and
# Urdu digits (U+06F0..U+06F9), mapped to ASCII.
_ARABIC_DIGITS = {0x0660 + n: str(n) for n in range(10)} | {0x06F0 + n: str(n) for n in range(10)}


class ForeignDigitError(ValueError):
    """Raised when text contains digits of a script other than ASCII or Arabic."""


def to_ascii_digits(text: str) -> str:
    """Replace Arabic-Indic and Persian digits with ASCII ones.

    Raises ForeignDigitError for decimal digits of any other script
    (Devanagari, Bengali, full-width and so on), which str.isdigit() and
    int() would otherwise accept silently.
    """
    converted = text.translate(_ARABIC_DIGITS)
    for character in converted:
        if unicodedata.category(character) == "Nd" and not ("0" <= character <= "9"):
            raise ForeignDigitError(character)
    return converted


def normalize_email(email: str) -> str:
    """Trim the address and lower-case its domain, keeping the local part as typed."""
    email = email.strip()
    local, separator, domain = email.rpartition("@")
    if not separator:
        return email
    return f"{local}@{domain.lower()}"


def parse_kuwait_mobile(text: str) -> phonenumbers.PhoneNumber | None:
    """Parse a mobile number typed in any common Kuwaiti form.

    Accepts the local 8-digit form, +965 and 00965 prefixes, spaces and
    dashes, in ASCII or Arabic digits. Returns None unless the result is a
    valid mobile number; other countries' mobiles are accepted when typed
    with their international prefix.
    """
    try:
        text = to_ascii_digits(text.strip())
    except ForeignDigitError:
        return None
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, "KW")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    if phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE:
        return None
    return number


def format_e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
