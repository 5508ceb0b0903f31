"""The portal's one mechanism for numeric one-time codes.

Email verification, mobile verification and password reset codes share
this module for generation, hashing, expiry, attempt limits and the resend
quota. Callers differ only in the purpose and in the channel that sends.
"""

import enum
import math
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, get_random_string, salted_hmac

from accounts.models import OneTimeCode

CODE_LENGTH = 6
_HASH_SALT = "accounts.codes.OneTimeCode"


class CheckResult(enum.Enum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    LOCKED = "locked"


@dataclass(frozen=True)
class Quota:
    """Wait before, and count left of, the codes a destination may still receive."""

    wait_seconds: int
    remaining_this_hour: int
    hour_resets_in_seconds: int

    @property
    def allows_sending(self) -> bool:
        return self.wait_seconds == 0 and self.remaining_this_hour > 0


class QuotaExceeded(Exception):
    def __init__(self, quota: Quota):
        super().__init__(quota)
        self.quota = quota


def _hash(salt: str, code: str) -> str:
    # A keyed HMAC rather than a bare hash: a million possible codes are
    # enumerated in moments, so without SECRET_KEY a leaked row must be
    # useless.
    return salted_hmac(_HASH_SALT, f"{salt}:{code}", algorithm="sha256").hexdigest()


def get_quota(destination: str, now=None, purpose: str | None = None) -> Quota:
    """Return the destination's quota; with purpose, the cooldown counts only its codes.

    The hourly cap counts every code to the destination, so the portal
    cannot flood a phone. The cooldown is per purpose, so a password reset
    asked for just after a verification code still gets a code.
    """
    now = now or timezone.now()
    hour_ago = now - timedelta(hours=1)
    sent = list(
        OneTimeCode.objects.filter(destination=destination, created_at__gt=hour_ago).values_list(
            "created_at", "purpose"
        )
    )
    quota = quota_from_send_times([moment for moment, _purpose in sent], now)
    if purpose is None or quota.remaining_this_hour == 0:
        return quota
    same_purpose = [moment for moment, code_purpose in sent if code_purpose == purpose]
    return Quota(
        wait_seconds=quota_from_send_times(same_purpose, now).wait_seconds,
        remaining_this_hour=quota.remaining_this_hour,
        hour_resets_in_seconds=quota.hour_resets_in_seconds,
    )


def quota_from_send_times(sent_at: list, now) -> Quota:
    """Compute the quota from the times codes went to one destination."""
    recent = sorted(moment for moment in sent_at if moment > now - timedelta(hours=1))
    remaining = max(settings.VERIFICATION_MAX_CODES_PER_HOUR - len(recent), 0)
    wait = 0
    resets_in = 0
    if recent:
        since_last = (now - recent[-1]).total_seconds()
        wait = max(math.ceil(settings.VERIFICATION_RESEND_COOLDOWN_SECONDS - since_last), 0)
        resets_in = max(math.ceil((recent[0] + timedelta(hours=1) - now).total_seconds()), 0)
    if remaining == 0:
        wait = max(wait, resets_in)
    return Quota(wait_seconds=wait, remaining_this_hour=remaining, hour_resets_in_seconds=resets_in)


def issue_code(user, *, purpose: str, channel: str, destination: str) -> str:
    """Create a code for user and return it in clear text for sending.

    Earlier live codes of the same purpose and channel are revoked, so only
    the newest code works. Raises QuotaExceeded when the destination is in
    its cooldown or has reached the hourly cap.
    """
    now = timezone.now()
    with transaction.atomic():
        quota = get_quota(destination, now, purpose=purpose)
        if not quota.allows_sending:
            raise QuotaExceeded(quota)
        OneTimeCode.objects.filter(
            user=user, purpose=purpose, channel=channel, consumed_at=None, revoked_at=None
        ).update(revoked_at=now)
        code = "".join(str(secrets.randbelow(10)) for _ in range(CODE_LENGTH))
        salt = get_random_string(16)
        OneTimeCode.objects.create(
            user=user,
            purpose=purpose,
            channel=channel,
            destination=destination,
            salt=salt,
            code_hash=_hash(salt, code),
            created_at=now,
            expires_at=now + timedelta(seconds=settings.VERIFICATION_CODE_TTL_SECONDS),
        )
    return code


def has_usable_code(user, *, purpose: str, channel: str) -> bool:
    now = timezone.now()
    return OneTimeCode.objects.filter(
        user=user,
        purpose=purpose,
        channel=channel,
        consumed_at=None,
        revoked_at=None,
        expires_at__gt=now,
        failed_attempts__lt=settings.VERIFICATION_CODE_MAX_ATTEMPTS,
    ).exists()


def check_code(
    user, *, purpose: str, channel: str, submitted: str, consume: bool = True
) -> CheckResult:
    """Compare submitted with the user's live code and consume it on a match.

    A wrong code counts against the attempt limit; the code that reaches
    the limit is dead and only a new one helps. With no live code (none
    sent, expired, revoked) the result is REJECTED. With consume=False a
    matching code stays live, so a flow can check its other input before
    spending the code. A wrong code counts as an attempt either way.
    """
    now = timezone.now()
    with transaction.atomic():
        record = (
            OneTimeCode.objects.select_for_update()
            .filter(user=user, purpose=purpose, channel=channel, consumed_at=None, revoked_at=None)
            .order_by("-created_at")
            .first()
        )
        if record is None or record.expires_at <= now:
            return CheckResult.REJECTED
        if record.failed_attempts >= settings.VERIFICATION_CODE_MAX_ATTEMPTS:
            return CheckResult.LOCKED
        if constant_time_compare(record.code_hash, _hash(record.salt, submitted)):
            if consume:
                record.consumed_at = now
                record.save(update_fields=["consumed_at"])
            return CheckResult.ACCEPTED
        record.failed_attempts += 1
        record.save(update_fields=["failed_attempts"])
        if record.failed_attempts >= settings.VERIFICATION_CODE_MAX_ATTEMPTS:
            return CheckResult.LOCKED
        return CheckResult.REJECTED


def revoke_codes(user, *, purposes: list[str]) -> int:
    return OneTimeCode.objects.filter(
        user=user, purpose__in=purposes, consumed_at=None, revoked_at=None
    ).update(revoked_at=timezone.now())


def imitate_issue_code(destination: str) -> None:
    """Run the queries and hashing of issue_code without storing or returning a code.

    Flows that must not reveal whether an address belongs to a user call
    this where no user was found, so both paths spend about the same time.
    The revoking UPDATE runs but matches no row (no code has id 0), and the
    INSERT of the new code is not imitated.
    """
    now = timezone.now()
    with transaction.atomic():
        get_quota(destination, now)
        OneTimeCode.objects.filter(id=0, consumed_at=None, revoked_at=None).update(revoked_at=now)
        code = "".join(str(secrets.randbelow(10)) for _ in range(CODE_LENGTH))
        _hash(get_random_string(16), code)


def imitate_check_code(submitted: str) -> None:
    """Run the queries and hashing of a wrong check_code, for a submission that has no user.

    The UPDATE that counts the failed attempt runs but matches no row.
    """
    with transaction.atomic():
        OneTimeCode.objects.select_for_update().filter(user=None, consumed_at=None).first()
        _hash(get_random_string(16), submitted)
        OneTimeCode.objects.filter(user=None, consumed_at=None).update(
            failed_attempts=models.F("failed_attempts") + 1
        )


def deliver(user, *, channel: str, code: str, template: str) -> None:
    """Send code to the user's email or mobile, in the user's language.

    template names the message: accounts/email/TEMPLATE_subject.txt and
    _message.txt for email, accounts/sms/TEMPLATE.txt for SMS. Each template
    receives user, code and minutes (the code's lifetime).
    """
    from accounts.models import CodeChannel
    from notifications import services as notifications

    context = {
        "user": user,
        "code": code,
        "minutes": settings.VERIFICATION_CODE_TTL_SECONDS // 60,
    }
    if channel == CodeChannel.EMAIL:
        notifications.send_email(
            f"accounts/email/{template}",
            to=user.email,
            language=user.language,
            context=context,
            user_id=user.pk,
        )
    else:
        notifications.send_sms(
            f"accounts/sms/{template}.txt",
            to=user.mobile,
            language=user.language,
            context=context,
            user_id=user.pk,
        )
