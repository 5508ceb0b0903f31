from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import timezone

from organizations.services import discard_unverified_registration


class Command(BaseCommand):
    help = (
        "Delete registrations that verified neither the email nor the mobile within the "
        "given number of hours, with their pending accounts, so that an abandoned "
        "registration does not keep a civil ID or email from registering again. "
        "Run it daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-hours",
            type=int,
            default=48,
            help="Age in hours after which an unverified registration is deleted (default 48).",
        )

    def handle(self, *args, older_than_hours, **options):
        cutoff = timezone.now() - timedelta(hours=older_than_hours)
        candidates = get_user_model().objects.filter(
            date_joined__lt=cutoff,
            email_verified_at=None,
            mobile_verified_at=None,
            is_staff=False,
        )
        deleted = sum(1 for user in candidates if discard_unverified_registration(user))
        self.stdout.write(f"Deleted {deleted} unverified registrations older than {older_than_hours} hours.")
