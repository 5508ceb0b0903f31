"""User-facing messages of the account flows, kept together for translators."""

import math

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

REQUIRED = _("This field is required.")
NAME_TOO_LONG = _("Enter at most %(max)d characters.")
NAME_INVALID = _("Use letters, spaces, hyphens and apostrophes only.")
CIVIL_ID_LENGTH = _("The civil ID number must be exactly 12 digits.")
CIVIL_ID_INVALID = _("This is not a valid civil ID number. Check the digits on your civil ID card.")
MOBILE_INVALID = _("Enter a valid mobile phone number, for example 51234567 or +965 51234567.")
EMAIL_INVALID = _("Enter a valid email address.")
PASSWORD_TOO_SHORT = _("The password must contain at least %(min)d characters.")
PASSWORD_TOO_LONG = _("The password must contain at most %(limit_value)d characters.")
PASSWORD_NEEDS_UPPER = _("The password must contain an upper-case letter.")
PASSWORD_NEEDS_LOWER = _("The password must contain a lower-case letter.")
PASSWORD_NEEDS_DIGIT = _("The password must contain a digit.")
PASSWORD_NEEDS_SYMBOL = _("The password must contain a symbol such as ! @ # $.")
PASSWORD_MISMATCH = _("The two passwords do not match.")
CAPTCHA_INVALID = _("The text does not match the image. Type the new image's text, with the same capital and small letters.")
TERMS_REQUIRED = _("You must agree to the terms and conditions to register.")
LEGAL_ENTITY_INVALID = _("Choose a legal entity from the list.")
CODE_REQUIRED = _("Enter the verification code.")
CODE_FORMAT = _("The verification code is 6 digits.")
CODE_INVALID = _("The verification code is incorrect or has expired. Check the code or request a new one.")
CODE_LOCKED = _("Too many incorrect attempts. Request a new verification code.")
TOO_MANY_REQUESTS = _("Too many requests. Please wait a few minutes and try again.")


def resend_wait_message(wait_seconds: int, remaining_this_hour: int) -> str:
    """Say when another code may be requested, in the active language.

    Built at request time with ngettext because Arabic words the count in
    six plural forms.
    """
    if remaining_this_hour == 0:
        minutes = max(1, math.ceil(wait_seconds / 60))
        return ngettext(
            "You have requested too many codes. Try again in %(minutes)d minute.",
            "You have requested too many codes. Try again in %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}
    return ngettext(
        "Please wait %(seconds)d second before requesting another code.",
        "Please wait %(seconds)d seconds before requesting another code.",
        wait_seconds,
    ) % {"seconds": wait_seconds}
