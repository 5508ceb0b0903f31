"""Registry backend on tables in the portal's own database."""

from django.contrib.auth.hashers import check_password, make_password

from customs_registry.models import LegacyUser, RegistryLicence
from customs_registry.registry import LegacyPerson, Licence, effective_status


def _licence_of(record: RegistryLicence) -> Licence:
    return Licence(
        number=record.number,
        status=effective_status(record.status, record.expires_on),
        expires_on=record.expires_on,
    )


class LocalRegistry:
    """Licences and users imported with `manage.py import_customs_registry`."""

    def find_licence(self, number: str) -> Licence | None:
        record = RegistryLicence.objects.filter(number=number).first()
        return None if record is None else _licence_of(record)

    def authenticate(self, licence_number: str, user_id: str, password: str) -> LegacyPerson | None:
        user = (
            LegacyUser.objects.select_related("licence")
            .filter(user_id=user_id, licence__number=licence_number)
            .first()
        )
        if user is None:
            # Hash anyway, so an unknown licence or a user of another licence
            # takes as long to reject as a wrong password.
            make_password(password)
            return None
        if not check_password(password, user.password_hash):
            return None
        return LegacyPerson(
            user_id=user.user_id,
            first_name=user.first_name,
            last_name=user.last_name,
            civil_id=user.civil_id,
            licence=_licence_of(user.licence),
        )
