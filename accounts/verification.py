"""Verification of a new user's email address and mobile number by code."""

import logging

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts import codes, errors
from accounts.models import CodeChannel, CodePurpose
from notifications import services as notifications
from organizations import services as organization_services
from support.models import SupportContact

logger = logging.getLogger(__name__)

PURPOSE_BY_CHANNEL = {
    CodeChannel.EMAIL: CodePurpose.EMAIL_VERIFICATION,
    CodeChannel.SMS: CodePurpose.MOBILE_VERIFICATION,
}


def required_channels() -> list[str]:
    if settings.SMS_VERIFICATION_ENABLED:
        return [CodeChannel.EMAIL, CodeChannel.SMS]
    return [CodeChannel.EMAIL]


def pending_channels(user) -> list[str]:
    pending = []
    if user.email_verified_at is None:
        pending.append(CodeChannel.EMAIL)
    if settings.SMS_VERIFICATION_ENABLED and user.mobile_verified_at is None:
        pending.append(CodeChannel.SMS)
    return pending


def destination_of(user, channel: str) -> str:
    return user.email.lower() if channel == CodeChannel.EMAIL else user.mobile


def quota_of(user, channel: str) -> codes.Quota:
    return codes.get_quota(destination_of(user, channel), purpose=PURPOSE_BY_CHANNEL[channel])


def send_code(user, channel: str) -> None:
    """Issue a new code for channel and send it. Raises codes.QuotaExceeded."""
    destination = destination_of(user, channel)
    code = codes.issue_code(
        user, purpose=PURPOSE_BY_CHANNEL[channel], channel=channel, destination=destination
    )
    codes.deliver(user, channel=channel, code=code, template="verification_code")
    logger.info("Sent %s verification code to user %s", channel, user.pk)


def send_missing_codes(user) -> None:
    """Send a code on every pending channel that has no live code.

    Called when an unverified user signs in: codes still valid are kept, so
    signing in twice does not spend the resend quota.
    """
    for channel in pending_channels(user):
        if codes.has_usable_code(user, purpose=PURPOSE_BY_CHANNEL[channel], channel=channel):
            continue
        try:
            send_code(user, channel)
        except codes.QuotaExceeded:
            logger.info("Verification code for user %s on %s held back by quota", user.pk, channel)


def verify_codes(user, submitted: dict[str, str]) -> dict[str, str]:
    """Check each submitted code and mark its channel verified when it matches.

    Returns the error message per channel that was not verified. Each
    channel is proven on its own, so a right email code counts even when the
    SMS code is wrong. When nothing is left pending the account opened at
    registration becomes active.
    """
    failures = {}
    now = timezone.now()
    for channel in pending_channels(user):
        result = codes.check_code(
            user,
            purpose=PURPOSE_BY_CHANNEL[channel],
            channel=channel,
            submitted=submitted.get(channel, ""),
        )
        if result is codes.CheckResult.ACCEPTED:
            _mark_verified(user, channel, now)
        elif result is codes.CheckResult.LOCKED:
            failures[channel] = errors.CODE_LOCKED
        else:
            failures[channel] = errors.CODE_INVALID
    if not pending_channels(user):
        organization_services.activate_account_of(user)
        logger.info("User %s verified every contact channel", user.pk)
    return failures


def _mark_verified(user, channel: str, now) -> None:
    with transaction.atomic():
        if channel == CodeChannel.EMAIL:
            user.email_verified_at = now
            user.save(update_fields=["email_verified_at"])
            EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True)
        else:
            user.mobile_verified_at = now
            user.save(update_fields=["mobile_verified_at"])


def notify_existing_account(email: str) -> None:
    """Tell the owner of email that someone tried to register with their details.

    Sent instead of an error on the registration page, which would reveal
    that the email or civil ID is registered.
    """
    from django.utils.translation import get_language

    if not _notice_allowed(email):
        return
    notifications.send_email(
        "accounts/email/account_already_exists",
        to=email,
        language=get_language(),
        context={"support_contact": SupportContact.current()},
    )


def notify_civil_id_owner(owner) -> None:
    """Warn a user that someone tried to register another account with their civil ID."""
    if not _notice_allowed(owner.email):
        return
    notifications.send_email(
        "accounts/email/civil_id_registration_attempt",
        to=owner.email,
        language=owner.language,
        context={"user": owner, "support_contact": SupportContact.current()},
        user_id=owner.pk,
    )
    logger.warning("Registration attempt with the civil ID of user %s", owner.pk)


def _notice_allowed(email: str) -> bool:
    """Apply the notice_email rate limit, so repeated attempts cannot flood a mailbox."""
    from allauth.core import context, ratelimit

    allowed = ratelimit.consume(context.request, action="notice_email", key=email.lower())
    if not allowed:
        logger.info("Registration notice held back by the notice_email rate limit")
    return allowed
