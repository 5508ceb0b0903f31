"""Request middleware for language choice and session lifetime."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

SESSION_STARTED_AT_KEY = "portal_authenticated_at"


class PortalLanguageMiddleware:
    """Activate the language from the language cookie, or Arabic.

    Django's LocaleMiddleware would follow the browser's Accept-Language
    header. The portal is Arabic first for everyone, and English only for
    those who choose it with the language switch.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers["Vary"] = ", ".join(
            filter(None, [response.headers.get("Vary"), "Cookie"])
        )
        return response


class SessionLifetimeMiddleware:
    """Sign a user out once the session is older than the absolute limit.

    The idle limit needs no code: SESSION_COOKIE_AGE with
    SESSION_SAVE_EVERY_REQUEST expires the stored session after that much
    inactivity. Only the total lifetime since sign-in is tracked here: the
    start time is stored on the response that signs the user in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and SESSION_STARTED_AT_KEY not in request.session:
            request.session[SESSION_STARTED_AT_KEY] = time.time()
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # A view hook rather than __call__, because MessageMiddleware comes
        # later in MIDDLEWARE and must have run before a message is added.
        if not request.user.is_authenticated:
            return None
        started_at = request.session.get(SESSION_STARTED_AT_KEY)
        if started_at is None:
            return None
        if time.time() - started_at > settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS:
            logout(request)
            messages.info(request, _("Your session has ended. Please sign in again."))
            return redirect(settings.LOGIN_URL)
        return None


class ContentSecurityPolicyMiddleware:
    """Send a Content-Security-Policy that allows only the portal's own files.

    Pages carry no inline script or style, so 'unsafe-inline' is not needed;
    an injected script tag cannot run.
    """

    POLICY = (
        "default-src 'self'; img-src 'self' data:; media-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.POLICY)
        return response
