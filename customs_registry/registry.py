"""The portal's interface to the automated customs system's registry.

The registry owns clearance licences and the users of the automated customs
system. The portal requests two things from it: a licence's record (or
that none exists), and whether a user ID and password belong to a licence. Two backends
implement the interface, chosen by settings.CUSTOMS_REGISTRY_BACKEND:
customs_registry.backends.local.LocalRegistry (tables in the portal's own
database, loaded with `manage.py import_customs_registry`) and
customs_registry.backends.http.HttpRegistry (a JSON service, described in
docs/customs-registry.md).
"""

import datetime
import re
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from accounts.normalization import ForeignDigitError, to_ascii_digits
from customs_registry.models import LicenceStatus

LICENCE_NUMBER_MAX_LENGTH = 30
USER_ID_MAX_LENGTH = 50
_LICENCE_NUMBER_SHAPE = re.compile(r"[A-Z0-9][A-Z0-9-]*")


class RegistryUnavailable(Exception):
    """Raised when the registry cannot be reached or returns a reply the portal cannot read."""


@dataclass(frozen=True)
class Licence:
    number: str
    status: str
    expires_on: datetime.date | None

    @property
    def is_active(self) -> bool:
        return self.status == LicenceStatus.ACTIVE


@dataclass(frozen=True)
class LegacyPerson:
    """The person behind a user of the automated customs system, as the registry records them."""

    user_id: str
    first_name: str
    last_name: str
    civil_id: str
    licence: Licence


class CustomsRegistry(Protocol):
    def find_licence(self, number: str) -> Licence | None:
        """Return the licence with this number, or None if the registry has none."""

    def authenticate(self, licence_number: str, user_id: str, password: str) -> LegacyPerson | None:
        """Return the person if user_id belongs to the licence and password matches, else None.

        Raises RegistryUnavailable when the registry cannot be reached or its reply is invalid.
        """


def get_registry() -> CustomsRegistry:
    return import_string(settings.CUSTOMS_REGISTRY_BACKEND)()


def normalize_licence_number(value: str) -> str | None:
    """Return the licence number in canonical form, or None if it cannot be one.

    Arabic-Indic digits become ASCII and letters become upper case, so a
    number typed on an Arabic keyboard matches the registry's record.
    """
    try:
        number = to_ascii_digits(value.strip()).upper()
    except ForeignDigitError:
        return None
    if len(number) > LICENCE_NUMBER_MAX_LENGTH or not _LICENCE_NUMBER_SHAPE.fullmatch(number):
        return None
    return number


def effective_status(status: str, expires_on: datetime.date | None) -> str:
    """Return the licence status, turning an "active" licence past its expiry date into "expired"."""
    if status == LicenceStatus.ACTIVE and expires_on is not None:
        if expires_on < timezone.localdate():
            return LicenceStatus.EXPIRED
    return status
