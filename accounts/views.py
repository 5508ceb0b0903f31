"""Views of the verification screen and the signed-in home page."""

import time
from datetime import datetime
from datetime import timezone as dt_timezone
from datetime import UTC, datetime

from allauth.account.internal.stagekit import clear_login
from allauth.account.stages import LoginStageController
from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from accounts import codes, errors, verification
from accounts.forms import VerificationForm
from accounts.models import CodeChannel
from accounts.stages import ContactVerificationStage
from organizations import services as organization_services
from organizations.services import services_available_to

_JUST_VERIFIED_KEY = "portal_just_verified"
_DECOY_SENDS_KEY = ContactVerificationStage.DECOY_SENDS_KEY
_DECOY_FAILURES_KEY = "decoy_failures"
_SENT_TO_EMAIL = _("A new verification code was sent to your email.")
_SENT_TO_MOBILE = _("A new verification code was sent to your mobile phone.")
_VERIFIED_MESSAGES = {
    CodeChannel.EMAIL: _("Your email address has been verified."),
    CodeChannel.SMS: _("Your mobile phone number has been verified."),
}


def _pending_stage(request):
    return LoginStageController.enter(request, ContactVerificationStage.key)


def _mask_email(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"


def _decoy_send_times(stage) -> list[datetime]:
    return [
        datetime.fromtimestamp(moment, tz=dt_timezone.utc)
        for moment in stage.state.get(_DECOY_SENDS_KEY, [])
    ]


def _verification_context(request, stage, form):
    user = stage.login.user
    now = timezone.now()
    if user is None:
        channels = verification.required_channels()
        email = stage.login.email or ""
        quota = codes.quota_from_send_times(_decoy_send_times(stage), now)
        quotas = {channel: quota for channel in channels}
    else:
        channels = verification.pending_channels(user)
        email = user.email
        quotas = {channel: verification.quota_of(user, channel) for channel in channels}
    return {
        "form": form,
        "masked_email": _mask_email(email),
        "pending_channels": " ".join(channels),
        "channels": [
            {"name": channel, "field": form[f"{channel}_code"], "quota": quotas[channel]}
            for channel in channels
        ],
    }


@never_cache
@login_not_required
@sensitive_post_parameters("email_code", "sms_code")
def verify(request):
    stage = _pending_stage(request)
    if stage is None:
        return redirect("account_login")
    user = stage.login.user
    channels = verification.pending_channels(user) if user else verification.required_channels()

    if request.method != "POST":
        form = VerificationForm(channels=channels)
        return render(request, "accounts/verify.html", _verification_context(request, stage, form))

    form = VerificationForm(request.POST, channels=channels)
    if not ratelimit.consume(request, action="verify_code"):
        form.is_valid()
        form.add_error(None, errors.TOO_MANY_REQUESTS)
    elif form.is_valid():
        submitted = {channel: form.cleaned_data[f"{channel}_code"] for channel in channels}
        if user is None:
            failures = _record_decoy_failure(request, stage, channels)
        else:
            failures = verification.verify_codes(user, submitted)
        if not failures:
            clear_login(request)
            request.session[_JUST_VERIFIED_KEY] = []
            return redirect("accounts:verified")
        # A channel verified by this submission leaves the form; the others
        # keep what was typed, with the reason beside each.
        for channel in channels:
            if channel not in failures:
                messages.success(request, _VERIFIED_MESSAGES[channel])
        form = VerificationForm(request.POST, channels=list(failures))
        form.is_valid()
        for channel, message in failures.items():
            form.add_error(f"{channel}_code", message)
    return render(request, "accounts/verify.html", _verification_context(request, stage, form))


@require_POST
@login_not_required
def cancel(request):
    """Leave the verification screen, discarding a registration made in this session.

    A registrant who mistyped their email would otherwise be held at the
    screen, and the unverified registration would keep their civil ID.
    """
    stage = _pending_stage(request)
    if stage is None:
        return redirect("home")
    login = stage.login
    clear_login(request)
    if login.signup and login.user is not None:
        organization_services.discard_unverified_registration(login.user)
    if login.signup:
        messages.info(request, _("Your registration was cancelled. You can register again."))
        return redirect("account_signup")
    messages.info(
        request,
        _("Verification was cancelled. Your registration is kept: sign in again to receive new codes."),
    )
    return redirect("home")


@require_POST
@login_not_required
def resend_code(request):
    stage = _pending_stage(request)
    if stage is None:
        return redirect("account_login")
    channel = request.POST.get("channel")
    if channel not in verification.required_channels():
        return redirect("accounts:verify")
    if not ratelimit.consume(request, action="resend_code"):
        messages.error(request, errors.TOO_MANY_REQUESTS)
        return redirect("accounts:verify")

    user = stage.login.user
    try:
        if user is None:
            _record_decoy_send(request, stage)
        elif channel in verification.pending_channels(user):
            verification.send_code(user, channel)
    except codes.QuotaExceeded as exceeded:
        quota = exceeded.quota
        messages.error(
            request, errors.resend_wait_message(quota.wait_seconds, quota.remaining_this_hour)
        )
        return redirect("accounts:verify")
    if channel == CodeChannel.EMAIL:
        messages.success(request, _SENT_TO_EMAIL)
    else:
        messages.success(request, _SENT_TO_MOBILE)
    return redirect("accounts:verify")


def _record_decoy_failure(request, stage, channels) -> dict:
    """Reject a decoy's codes with the messages a real registration's wrong codes get.

    After VERIFICATION_CODE_MAX_ATTEMPTS wrong entries a real code is dead,
    so the decoy reports the same lock until its next resend.
    """
    from allauth.account.internal.stagekit import stash_login

    failed = stage.state.get(_DECOY_FAILURES_KEY, 0) + 1
    stage.state[_DECOY_FAILURES_KEY] = failed
    stash_login(request, stage.login)
    message = errors.CODE_LOCKED if failed >= settings.VERIFICATION_CODE_MAX_ATTEMPTS else errors.CODE_INVALID
    return {channel: message for channel in channels}


def _record_decoy_send(request, stage):
    """Apply the resend quota to a registration that created no account."""
    from allauth.account.internal.stagekit import stash_login

    quota = codes.quota_from_send_times(_decoy_send_times(stage), timezone.now())
    if not quota.allows_sending:
        raise codes.QuotaExceeded(quota)
    stage.state[_DECOY_SENDS_KEY] = [*stage.state.get(_DECOY_SENDS_KEY, []), time.time()]
    stage.state[_DECOY_FAILURES_KEY] = 0
    stash_login(request, stage.login)


def _decoy_send_times(stage) -> list[datetime]:
    return [datetime.fromtimestamp(moment, tz=UTC) for moment in stage.state.get(_DECOY_SENDS_KEY, [])]


@require_GET
@login_not_required
def verified(request):
    # The confirmation is shown once per language. A reload goes on to the
    # sign-in page, but the header's language switch redirects back here and
    # must show the confirmation again in the language just chosen.
    shown_in = request.session.get(_JUST_VERIFIED_KEY)
    language = get_language()
    if not isinstance(shown_in, list) or language in shown_in:
        request.session.pop(_JUST_VERIFIED_KEY, None)
        return redirect("account_login")
    request.session[_JUST_VERIFIED_KEY] = [*shown_in, language]
    return render(request, "accounts/verified.html")


@login_not_required
def home(request):
    if not request.user.is_authenticated:
        return render(request, "home.html")
    return render(
        request, "accounts/dashboard.html", {"services": services_available_to(request.user)}
    )
