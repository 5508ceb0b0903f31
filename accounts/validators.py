"""Field rules shared by the registration and password forms."""

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from localflavor.kw.utils import is_valid_civil_id

from accounts import errors
from accounts.normalization import ForeignDigitError, to_ascii_digits

NAME_MAX_LENGTH = 50
_NAME_PUNCTUATION = {" ", "-", "'", "\u2019"}
_CIVIL_ID_SHAPE = re.compile(r"[0-9]{12}")


def clean_person_name(value: str) -> str:
    """Return the trimmed name, or raise ValidationError.

    Names contain letters of any script with their combining marks (Arabic
    vowel signs), single spaces, hyphens and apostrophes. Digits and
    invisible format characters, bidi controls among them, are rejected
    because they let a name display differently from what is stored.
    """
    name = " ".join(value.split())
    if not name:
        raise ValidationError(errors.REQUIRED, code="required")
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(errors.NAME_TOO_LONG, code="max_length", params={"max": NAME_MAX_LENGTH})
    has_letter = False
    for character in name:
        category = unicodedata.category(character)
        if category.startswith("L"):
            has_letter = True
        elif category.startswith("M") or character in _NAME_PUNCTUATION:
            continue
        else:
            raise ValidationError(errors.NAME_INVALID, code="invalid")
    if not has_letter:
        raise ValidationError(errors.NAME_INVALID, code="invalid")
    return name


def clean_civil_id(value: str) -> str:
    """Return the civil ID in ASCII digits, or raise ValidationError.

    The number must be 12 digits whose first digit gives the century, whose
    next six are a real birth date and whose last is the check digit.
    """
    try:
        digits = to_ascii_digits(value.strip())
    except ForeignDigitError:
        raise ValidationError(errors.CIVIL_ID_INVALID, code="invalid") from None
    if not _CIVIL_ID_SHAPE.fullmatch(digits):
        raise ValidationError(errors.CIVIL_ID_LENGTH, code="invalid")
    if not is_valid_civil_id(digits):
        raise ValidationError(errors.CIVIL_ID_INVALID, code="invalid")
    return digits


class PasswordLengthValidator:
    """At least 8 characters and at most PASSWORD_MAX_LENGTH."""

    min_length = 8

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                errors.PASSWORD_TOO_SHORT, code="password_too_short", params={"min": self.min_length}
            )
        if len(password) > settings.PASSWORD_MAX_LENGTH:
            raise ValidationError(
                errors.PASSWORD_TOO_LONG,
                code="password_too_long",
                params={"limit_value": settings.PASSWORD_MAX_LENGTH},
            )

    def get_help_text(self):
        return ngettext(
            "At least %(min)d character.", "At least %(min)d characters.", self.min_length
        ) % {"min": self.min_length}


class PasswordCompositionValidator:
    """Upper case, lower case, a digit and a symbol, each at least once."""

    def validate(self, password, user=None):
        missing = []
        if not any(character.isupper() for character in password):
            missing.append(errors.PASSWORD_NEEDS_UPPER)
        if not any(character.islower() for character in password):
            missing.append(errors.PASSWORD_NEEDS_LOWER)
        if not any(character.isdigit() for character in password):
            missing.append(errors.PASSWORD_NEEDS_DIGIT)
        if not any(_is_symbol(character) for character in password):
            missing.append(errors.PASSWORD_NEEDS_SYMBOL)
        if missing:
            raise ValidationError([ValidationError(message, code="password_composition") for message in missing])

    def get_help_text(self):
        return str(_("Upper-case and lower-case letters, a digit and a symbol such as ! @ # $."))


def _is_symbol(character: str) -> bool:
    return not character.isalnum() and not character.isspace()
