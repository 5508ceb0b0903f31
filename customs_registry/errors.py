"""User-facing messages of the registration through the automated customs system."""

from django.utils.translation import gettext_lazy as _

LICENCE_NUMBER_INVALID = _("Enter the licence number as it appears on the licence: letters, digits and hyphens.")
# One message for every mismatch (unknown or inactive licence, a user of
# another licence, a wrong password), so the page does not tell which part
# was wrong.
CHECK_FAILED = _(
    "These details do not match an active licence on the automated customs system. "
    "Check the licence number, user ID and password."
)
LICENCE_ALREADY_REGISTERED = _(
    "This licence already has an account on the portal. "
    "Ask your account's general user to add you as a user."
)
REGISTRY_UNAVAILABLE = _(
    "The automated customs system cannot be reached right now. Nothing was saved; try again later."
)
TOO_MANY_CHECKS = _("Too many attempts. Please wait a few minutes and try again.")
