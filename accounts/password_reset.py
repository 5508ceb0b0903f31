"""Reset of a forgotten password by a code sent to the account's email.

A registered, active user receives a code by email, and by SMS when SMS
verification is on and the mobile is verified. Entering either code with a
new password sets the password. Every step gives an unknown address, a
deactivated user and a registered user the same response, so the flow
cannot be used to find out who has an account.

Timing: for an address with no resettable user the request step runs the
same user query. Per channel it runs the quota query, the revoking UPDATE,
the code generation with its keyed hash and the rendering of the message.
It inserts no code row and sends nothing. The code step runs the same queries
and hash as a wrong code. Sending stays a single hand-off to the email and
SMS backends (the development outbox is one row insert each).

NOTE: the request step of a registered address still costs the code and
message inserts and the backend hand-off, measured at about 4 ms over an
18 ms request with the test client on SQLite (tests/test_password_reset.py
setup, 2 shared cores). An email backend that talks to a slow SMTP server
during the request widens that gap, so production should hand mail to a
local relay or queue.
"""

import logging
from dataclasses import dataclass, field

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts import codes, errors, verification
from accounts.models import CodeChannel, CodePurpose
from notifications import services as notifications
from organizations import services as organization_services
from support.models import SupportContact

logger = logging.getLogger(__name__)

PASSWORD_SAME_AS_CURRENT = _("The new password must be different from your current password.")

# A reset revokes these, so no code sent before the new password works after it.
_REVOKED_ON_RESET = [
    CodePurpose.PASSWORD_RESET,
    CodePurpose.EMAIL_VERIFICATION,
    CodePurpose.MOBILE_VERIFICATION,
]


@dataclass
class ResetResult:
    """Outcome of a code submission: a reset, or the errors to show."""

    user: object = None
    code_error: str | None = None
    password_errors: list = field(default_factory=list)
    email_newly_verified: bool = False

    @property
    def succeeded(self) -> bool:
        return self.user is not None


def find_resettable_user(email: str):
    """Return the active user with email (case-insensitive), or None.

    Deactivated users are filtered in the same query, so they take the
    unknown-address path and cannot reset their way back in.
    """
    return get_user_model().objects.filter(email__iexact=email, is_active=True).first()


def channels_of(user) -> list[str]:
    """Return the channels a reset code goes to: email, and SMS to a verified mobile."""
    channels = [CodeChannel.EMAIL]
    if settings.SMS_VERIFICATION_ENABLED and user.mobile and user.mobile_verified_at:
        channels.append(CodeChannel.SMS)
    return channels


def request_reset(email: str) -> None:
    """Send reset codes to the user with email, or imitate the work if there is none.

    A destination over its code quota gets nothing. The caller shows the
    same page either way, because a quota message would reveal the account.
    """
    user = find_resettable_user(email)
    if user is None:
        _imitate_sending(email)
        return
    for channel in channels_of(user):
        _send_code(user, channel)


def _send_code(user, channel: str) -> None:
    destination = verification.destination_of(user, channel)
    try:
        code = codes.issue_code(
            user, purpose=CodePurpose.PASSWORD_RESET, channel=channel, destination=destination
        )
    except codes.QuotaExceeded:
        logger.info("Password reset code for user %s on %s held back by quota", user.pk, channel)
        return
    codes.deliver(user, channel=channel, code=code, template="password_reset_code")
    logger.info("Sent %s password reset code to user %s", channel, user.pk)


def _code_context(user, code: str) -> dict:
    return {"user": user, "code": code, "minutes": settings.VERIFICATION_CODE_TTL_SECONDS // 60}


def _imitate_sending(email: str) -> None:
    """Issue and render both messages as for a user with a verified mobile, sending nothing."""
    stand_in = get_user_model()(email=email, language=translation.get_language())
    context = _code_context(stand_in, "0" * codes.CODE_LENGTH)
    codes.imitate_issue_code(email.lower())
    with translation.override(stand_in.language):
        get_adapter().render_mail("accounts/email/password_reset_code", email, context)
    if settings.SMS_VERIFICATION_ENABLED:
        codes.imitate_issue_code(email.lower())
        with translation.override(stand_in.language):
            render_to_string("accounts/sms/password_reset_code.txt", context)


def reset_password(email: str, code: str, new_password: str) -> ResetResult:
    """Check code for the user with email and, if it matches, set new_password.

    The code is checked without being consumed first, so a new password that
    fails the user-specific rules (similar to the name, same as the current
    one) can be corrected with the same code. On success every reset and
    verification code is revoked, the email counts as verified when the
    code came by email, and the user receives a notice by email.
    """
    user = find_resettable_user(email)
    if user is None:
        for _channel in (CodeChannel.EMAIL, CodeChannel.SMS):
            codes.imitate_check_code(code)
        return ResetResult(code_error=errors.CODE_INVALID)

    outcome, channel = _check_code(user, code, consume=False)
    if outcome is codes.CheckResult.LOCKED:
        return ResetResult(code_error=errors.CODE_LOCKED)
    if outcome is not codes.CheckResult.ACCEPTED:
        return ResetResult(code_error=errors.CODE_INVALID)

    password_errors = password_errors_for(user, new_password)
    if password_errors:
        return ResetResult(password_errors=password_errors)

    with transaction.atomic():
        # A concurrent submission may have spent the code since the check above.
        final = codes.check_code(
            user, purpose=CodePurpose.PASSWORD_RESET, channel=channel, submitted=code
        )
        if final is not codes.CheckResult.ACCEPTED:
            return ResetResult(code_error=errors.CODE_INVALID)
        user.set_password(new_password)
        user.save(update_fields=["password"])
        codes.revoke_codes(user, purposes=_REVOKED_ON_RESET)
        email_newly_verified = channel == CodeChannel.EMAIL and user.email_verified_at is None
        if email_newly_verified:
            _mark_email_verified(user)
        if email_newly_verified and not verification.pending_channels(user):
            organization_services.activate_account_of(user)
    logger.info("User %s reset their password by %s code", user.pk, channel)
    _send_password_changed_notice(user)
    return ResetResult(user=user, email_newly_verified=email_newly_verified)


def _check_code(user, code: str, *, consume: bool):
    """Check code against the email and the SMS reset code; return (result, channel).

    A wrong code counts as an attempt against both, so the attempt limit
    applies to each sent code.
    """
    locked = False
    for channel in (CodeChannel.EMAIL, CodeChannel.SMS):
        result = codes.check_code(
            user,
            purpose=CodePurpose.PASSWORD_RESET,
            channel=channel,
            submitted=code,
            consume=consume,
        )
        if result is codes.CheckResult.ACCEPTED:
            return result, channel
        locked = locked or result is codes.CheckResult.LOCKED
    return (codes.CheckResult.LOCKED if locked else codes.CheckResult.REJECTED), None


def password_errors_for(user, new_password: str) -> list:
    """Return the messages for a new password that the user may not choose."""
    messages = []
    try:
        password_validation.validate_password(new_password, user=user)
    except ValidationError as error:
        messages.extend(error.messages)
    # Hashes new_password; the view has applied the rate limit before this.
    if user.check_password(new_password):
        messages.append(PASSWORD_SAME_AS_CURRENT)
    return messages


def _mark_email_verified(user) -> None:
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email_verified_at"])
    EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True)


def _send_password_changed_notice(user) -> None:
    notifications.send_email(
        "accounts/email/password_changed",
        to=user.email,
        language=user.language,
        context={"user": user, "support_contact": SupportContact.current()},
        user_id=user.pk,
    )
