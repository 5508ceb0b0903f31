"""The daily purge of abandoned registrations."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from organizations.models import AuditEvent, Organization
from tests.conftest import VALID_CIVIL_ID

pytestmark = pytest.mark.django_db


def purge(hours=48):
    output = StringIO()
    call_command("purge_unverified_registrations", older_than_hours=hours, stdout=output)
    return output.getvalue()


def test_purge_deletes_old_unverified(client, register):
    register()
    User.objects.update(date_joined=timezone.now() - timedelta(hours=49))

    output = purge()

    assert "Deleted 1" in output
    assert not User.objects.exists()
    assert not Organization.objects.exists()
    assert AuditEvent.objects.filter(action="registration_discarded").count() == 1


def test_purge_frees_civil_id(client, register):
    register()
    User.objects.update(date_joined=timezone.now() - timedelta(hours=49))
    purge()
    client.cookies.clear()

    register(email="second@example.com", civil_id=VALID_CIVIL_ID)

    assert User.objects.get().email == "second@example.com"


def test_purge_keeps_recent_and_partly_verified(client, register):
    register()
    client.cookies.clear()
    register(email="other@example.com", civil_id="285052301237")
    User.objects.filter(email="other@example.com").update(
        date_joined=timezone.now() - timedelta(hours=49), email_verified_at=timezone.now()
    )

    output = purge()

    assert "Deleted 0" in output
    assert User.objects.count() == 2
