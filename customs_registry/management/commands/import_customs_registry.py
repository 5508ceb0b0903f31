"""Load licences and users of the automated customs system into the local registry."""

import csv
import datetime

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import validators
from customs_registry.models import LegacyUser, LicenceStatus, RegistryLicence
from customs_registry.registry import USER_ID_MAX_LENGTH, normalize_licence_number

COLUMNS = [
    "licence_number",
    "licence_status",
    "licence_expires_on",
    "user_id",
    "first_name",
    "last_name",
    "civil_id",
    "password",
]


class RowRejected(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Import licences and users of the automated customs system from a UTF-8 CSV file "
        f"with the columns {', '.join(COLUMNS)}. A row with an empty user_id defines a "
        "licence only. Importing the same file again changes nothing. Passwords are stored "
        "as hashes."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the CSV file")

    def handle(self, *args, **options):
        path = options["file"]
        try:
            with open(path, encoding="utf-8-sig", newline="") as stream:
                rows = list(csv.DictReader(stream))
                header = rows and list(rows[0].keys())
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        except (UnicodeDecodeError, csv.Error) as error:
            raise CommandError(f"{path} is not a UTF-8 CSV file: {error}.") from None
        missing = [column for column in COLUMNS if column not in (header or [])]
        if missing:
            raise CommandError(f"{path} lacks the columns: {', '.join(missing)}.")

        counts = {"created": 0, "updated": 0, "unchanged": 0, "rejected": 0}
        licences_seen: dict[str, tuple] = {}
        users_seen: dict[str, int] = {}
        with transaction.atomic():
            # Line 1 is the header, so the first row is on line 2. A quoted
            # field spanning lines would shift this count.
            for line, row in enumerate(rows, start=2):
                try:
                    outcome = self._import_row(row, line, licences_seen, users_seen)
                except RowRejected as reason:
                    counts["rejected"] += 1
                    self.stderr.write(f"line {line}: rejected: {reason}")
                    continue
                counts[outcome] += 1
        self.stdout.write(
            "Rows: {created} created, {updated} updated, {unchanged} unchanged, "
            "{rejected} rejected.".format(**counts)
        )
        if counts["rejected"]:
            raise CommandError(f"{counts['rejected']} rows were rejected; the other rows were imported.")

    def _import_row(self, row, line, licences_seen, users_seen) -> str:
        licence_fields = _clean_licence(row)
        number = licence_fields[0]
        earlier = licences_seen.get(number)
        if earlier is not None and earlier[1:] != licence_fields[1:]:
            raise RowRejected(
                f"licence {number} has a status or expiry date different from line {earlier[0]}"
            )
        licences_seen.setdefault(number, (line, *licence_fields[1:]))

        user_fields = _clean_user(row) if (row.get("user_id") or "").strip() else None
        if user_fields is not None:
            first_line = users_seen.setdefault(user_fields["user_id"], line)
            if first_line != line:
                raise RowRejected(f"user ID {user_fields['user_id']} repeats line {first_line}")

        licence, licence_outcome = _save_licence(*licence_fields)
        if user_fields is None:
            return licence_outcome
        user_outcome = _save_user(licence, user_fields)
        if "created" in (licence_outcome, user_outcome):
            return "created"
        if "updated" in (licence_outcome, user_outcome):
            return "updated"
        return "unchanged"


def _clean_licence(row) -> tuple:
    number = normalize_licence_number(row.get("licence_number") or "")
    if not number:
        raise RowRejected("licence_number is missing or contains characters other than letters, digits and hyphens")
    status = (row.get("licence_status") or "").strip().lower()
    if status not in LicenceStatus.values:
        raise RowRejected(f"licence_status {status!r} is not one of {', '.join(LicenceStatus.values)}")
    expires_text = (row.get("licence_expires_on") or "").strip()
    try:
        expires_on = datetime.date.fromisoformat(expires_text) if expires_text else None
    except ValueError:
        raise RowRejected(f"licence_expires_on {expires_text!r} is not a date in the form YYYY-MM-DD") from None
    return number, status, expires_on


def _clean_user(row) -> dict:
    user_id = row["user_id"].strip()
    if len(user_id) > USER_ID_MAX_LENGTH:
        raise RowRejected(f"user_id is longer than {USER_ID_MAX_LENGTH} characters")
    cleaned = {"user_id": user_id}
    for column, clean in (
        ("first_name", validators.clean_person_name),
        ("last_name", validators.clean_person_name),
        ("civil_id", validators.clean_civil_id),
    ):
        try:
            cleaned[column] = clean(row.get(column) or "")
        except ValidationError as error:
            raise RowRejected(f"{column} is invalid: {' '.join(error.messages)}") from None
    # The password is never echoed in a message, not even its length.
    password = row.get("password") or ""
    if not password:
        raise RowRejected("password is missing")
    cleaned["password"] = password
    return cleaned


def _save_licence(number, status, expires_on):
    licence, created = RegistryLicence.objects.get_or_create(
        number=number, defaults={"status": status, "expires_on": expires_on}
    )
    if created:
        return licence, "created"
    if (licence.status, licence.expires_on) == (status, expires_on):
        return licence, "unchanged"
    licence.status, licence.expires_on = status, expires_on
    licence.save(update_fields=["status", "expires_on"])
    return licence, "updated"


def _save_user(licence, fields) -> str:
    password = fields.pop("password")
    user = LegacyUser.objects.filter(user_id=fields["user_id"]).first()
    if user is None:
        LegacyUser.objects.create(licence=licence, password_hash=make_password(password), **fields)
        return "created"
    changed = [name for name, value in fields.items() if getattr(user, name) != value]
    if user.licence_id != licence.pk:
        user.licence = licence
        changed.append("licence")
    for name in changed:
        if name != "licence":
            setattr(user, name, fields[name])
    # make_password salts each hash differently, so the stored hash is kept
    # when it already matches; a re-import then changes no row.
    if not check_password(password, user.password_hash):
        user.password_hash = make_password(password)
        changed.append("password_hash")
    if not changed:
        return "unchanged"
    user.save(update_fields=changed)
    return "updated"
