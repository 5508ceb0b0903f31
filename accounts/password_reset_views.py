"""Views of the password reset: request a code, enter it with a new password, done.

The email being reset lives in the session, never in the URL, and codes
travel only in POST bodies, so neither reaches logs or a Referer header.
"""

import time
from datetime import UTC, datetime

from allauth.account.adapter import get_adapter
from allauth.core import ratelimit
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET

from accounts import codes, errors, password_reset
from accounts.password_reset_forms import PasswordResetCodeForm, PasswordResetRequestForm

# {"email": the address as typed and normalised, "sent_at": [epoch seconds]}.
# The send times give the same cooldown and hourly cap for every address,
# registered or not. The stored quota of a real address applies as well.
_STATE_KEY = "portal_password_reset"
_DONE_KEY = "portal_password_reset_done"
_TOO_MANY_REQUESTS = 429


def _mask_email(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"


def _recent_sends(state: dict, email: str, now: float) -> list[float]:
    if state.get("email", "").lower() != email.lower():
        return []
    return [moment for moment in state.get("sent_at", []) if moment > now - 3600]


def _render_request(request, form, status=200):
    return render(request, "accounts/password_reset_request.html", {"form": form}, status=status)


def _reject_as_too_many(request, form):
    form.is_valid()
    form.add_error(None, errors.TOO_MANY_REQUESTS)
    return _render_request(request, form, status=_TOO_MANY_REQUESTS)


@never_cache
@login_not_required
def request_reset(request):
    state = request.session.get(_STATE_KEY, {})
    if request.method != "POST":
        form = PasswordResetRequestForm(initial={"email": state.get("email", "")})
        return _render_request(request, form)

    form = PasswordResetRequestForm(request.POST)
    if not ratelimit.consume(request, action="reset_password"):
        return _reject_as_too_many(request, form)
    if not form.is_valid():
        return _render_request(request, form)
    # The per-email limit is counted only once the CAPTCHA is solved, so
    # wrong CAPTCHA text cannot use up the allowance of someone else's address.
    email = form.cleaned_data["email"]
    if not ratelimit.consume(request, action="reset_password_email", key=email.lower()):
        return _reject_as_too_many(request, form)

    now = time.time()
    sent_at = _recent_sends(state, email, now)
    quota = codes.quota_from_send_times(
        [datetime.fromtimestamp(moment, tz=UTC) for moment in sent_at], timezone.now()
    )
    if not quota.allows_sending:
        message = errors.resend_wait_message(quota.wait_seconds, quota.remaining_this_hour)
        form.add_error(None, message)
        return _render_request(request, form)

    password_reset.request_reset(email)
    request.session[_STATE_KEY] = {"email": email, "sent_at": [*sent_at, now]}
    return redirect("accounts:password_reset_code")


@never_cache
@login_not_required
@sensitive_post_parameters("code", "password1", "password2")
def enter_code(request):
    state = request.session.get(_STATE_KEY)
    if not state:
        return redirect("accounts:password_reset")
    email = state["email"]
    context = {"masked_email": _mask_email(email)}

    if request.method != "POST":
        context["form"] = PasswordResetCodeForm(email=email)
        return render(request, "accounts/password_reset_code.html", context)

    form = PasswordResetCodeForm(request.POST, email=email)
    context["form"] = form
    if not ratelimit.consume(request, action="reset_password_code", key=email.lower()):
        form.is_valid()
        form.add_error(None, errors.TOO_MANY_REQUESTS)
        return render(
            request, "accounts/password_reset_code.html", context, status=_TOO_MANY_REQUESTS
        )
    if form.is_valid():
        result = password_reset.reset_password(
            email, form.cleaned_data["code"], form.cleaned_data["password1"]
        )
        if result.succeeded:
            del request.session[_STATE_KEY]
            request.session[_DONE_KEY] = {"email_verified": result.email_newly_verified}
            # As allauth does after its own reset: the sign-in failures that
            # may have led here no longer hold the account back.
            get_adapter(request)._delete_login_attempts_cached_email(
                request, email=result.user.email
            )
            return redirect("accounts:password_reset_done")
        if result.code_error:
            form.add_error("code", result.code_error)
        for message in result.password_errors:
            form.add_error("password1", message)
    return render(request, "accounts/password_reset_code.html", context)


@require_GET
@login_not_required
def done(request):
    outcome = request.session.pop(_DONE_KEY, None)
    if outcome is None:
        return redirect("account_login")
    return render(
        request,
        "accounts/password_reset_done.html",
        {"email_verified": outcome["email_verified"]},
    )
