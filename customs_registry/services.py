"""Checks and state changes behind registration with an automated customs system account."""

import logging

from allauth.core import ratelimit
from django.db import transaction

from customs_registry import errors
from customs_registry.registry import LegacyPerson, RegistryUnavailable, get_registry
from organizations.models import AuditEvent, Organization

logger = logging.getLogger(__name__)

RATE_LIMIT_ACTION = "registry_check"


class CheckRefused(Exception):
    """Raised when the legacy account cannot be used to register; message is for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def verify_legacy_account(request, *, licence_number: str, user_id: str, password: str) -> LegacyPerson:
    """Return the registry's person for these credentials, or raise CheckRefused.

    The licence must be active, the user must belong to it and the password
    must match; any mismatch raises the same CHECK_FAILED message.
    """
    # Both limits are consumed before the registry hashes the password, so
    # the portal cannot be used to guess passwords of the automated customs
    # system faster than the limits allow. Every check counts, not only the
    # failed ones, because parallel requests would otherwise all pass a
    # count taken before any of them failed.
    if not ratelimit.consume(request, action=RATE_LIMIT_ACTION, key=licence_number):
        raise CheckRefused(errors.TOO_MANY_CHECKS)
    try:
        person = get_registry().authenticate(licence_number, user_id, password)
    except RegistryUnavailable as error:
        logger.warning("Customs registry check for licence %s failed: %s", licence_number, error)
        raise CheckRefused(errors.REGISTRY_UNAVAILABLE) from None
    if person is None or not person.licence.is_active:
        raise CheckRefused(errors.CHECK_FAILED)
    # NOTE: this message reveals that the licence has a portal account, which
    # the portal otherwise never reveals. It is shown only after the legacy
    # user ID and password were proven for this licence, so only the
    # licence holder's own staff can learn it, and they need it to know whom
    # to ask for access.
    if Organization.objects.filter(licence_number=person.licence.number).exists():
        raise CheckRefused(errors.LICENCE_ALREADY_REGISTERED)
    return person


@transaction.atomic
def link_licence(*, organization: Organization, licence_number: str, actor) -> None:
    """Attach a clearance licence to an account that has none.

    Raises django.db.IntegrityError if another account has the licence.
    """
    organization.licence_number = licence_number
    organization.save(update_fields=["licence_number"])
    AuditEvent.objects.create(
        actor=actor,
        action="licence_linked",
        organization=organization,
        target_user=actor,
        details={"from": None, "to": licence_number},
    )
