"""Settings for the customs e-services portal.

Everything that differs between a developer's machine and production comes
from environment variables, read here and nowhere else. PORTAL_ENV selects
the defaults: "development" (the embedded default: SQLite, local-memory cache,
messages captured in the development outbox) or "production", where missing
secrets stop start-up. docs/configuration.md lists every variable.
"""

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from customs_portal.env import env_bool, env_int, env_list, env_rate, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PORTAL_VAR_DIR", str(BASE_DIR / "var")))

PORTAL_ENV = env_str("PORTAL_ENV", "development")
if PORTAL_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"PORTAL_ENV={PORTAL_ENV!r} is invalid; use development or production."
    )
PRODUCTION = PORTAL_ENV == "production"

DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DJANGO_DEBUG must be off when PORTAL_ENV=production.")

if PRODUCTION:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 50 characters.")
else:
    SECRET_KEY = env_str(
        "DJANGO_SECRET_KEY",
        "development-only-key-never-used-in-production-0123456789abcdef",
    )

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS is required in production.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "allauth",
    "allauth.account",
    "captcha",
    "accounts",
    "organizations",
    "notifications",
    "support",
    "customs_registry",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "customs_portal.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "customs_portal.middleware.PortalLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "customs_portal.middleware.SessionLifetimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

if not PRODUCTION:
    # runserver and the test live server serve static files themselves.
    MIDDLEWARE.remove("whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "customs_portal.urls"
# Widgets render through TEMPLATES, so templates/ can override a library's
# widget template (the CAPTCHA's, for its translated image description).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "customs_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "customs_portal.context_processors.portal",
            ],
        },
    },
]


def _database_from_url(url: str) -> dict:
    """Translate sqlite:///path or postgres://user:password@host:port/name."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": parsed.path[1:] or ":memory:"}
    if parsed.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path[1:]),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL scheme {parsed.scheme!r} is not supported; use sqlite or postgres."
    )


if PRODUCTION:
    DATABASE_URL = env_str("DATABASE_URL")
else:
    DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portal.sqlite3'}")
DATABASES = {"default": _database_from_url(DATABASE_URL)}
if PRODUCTION and DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # SQLite ignores SELECT ... FOR UPDATE, which keeps parallel code
    # guesses within the attempt limit, and locks the whole file on write.
    raise ImproperlyConfigured("DATABASE_URL must name a PostgreSQL database in production.")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "portal"),
        }
    }
elif PRODUCTION:
    # Rate limits live in the cache, so a per-process cache would let each
    # gunicorn worker grant its own quota.
    raise ImproperlyConfigured("REDIS_URL is required in production.")
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Authentication and passwords.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
PASSWORD_HASHERS = ["accounts.hashers.PortalArgon2PasswordHasher"]
# Argon2id cost. The defaults exceed the OWASP minimum (19 MiB, 2 passes).
ARGON2_MEMORY_KIB = env_int("ARGON2_MEMORY_KIB", 65536, minimum=19456)
ARGON2_TIME_COST = env_int("ARGON2_TIME_COST", 3, minimum=2)
ARGON2_PARALLELISM = env_int("ARGON2_PARALLELISM", 1, minimum=1)
PASSWORD_MAX_LENGTH = 128
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.validators.PasswordLengthValidator"},
    {"NAME": "accounts.validators.PasswordCompositionValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "first_name", "last_name", "civil_id")},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# django-allauth. Registration and sign-in run through allauth's views; the
# verification codes use the portal's own hashed store (accounts.codes), so
# allauth's session-held code flows are switched off.
ACCOUNT_ADAPTER = "accounts.adapter.PortalAccountAdapter"
ACCOUNT_FORMS = {
    "signup": "accounts.forms.RegistrationForm",
    "login": "accounts.forms.SignInForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_RATE_LIMITS = {
    # Sign-in failures per client address and per account (the "key" is the
    # email). Both are checked before the password is hashed. 10 per 15
    # minutes caps an account at 40 failures an hour.
    "login_failed": env_rate("RATE_LIMIT_LOGIN_FAILED", "10/m/ip,10/15m/key"),
    "login": env_rate("RATE_LIMIT_LOGIN", "30/m/ip"),
    "signup": env_rate("RATE_LIMIT_SIGNUP", "10/m/ip,60/h/ip"),
    # The portal's own forms.
    "verify_code": env_rate("RATE_LIMIT_VERIFY_CODE", "30/m/ip,60/h/ip"),
    "resend_code": env_rate("RATE_LIMIT_RESEND_CODE", "10/m/ip,60/h/ip"),
    # Password reset requests and code submissions, per client address and
    # per email (the "key"), counted before any code is sent or hashed and
    # before the new password is hashed. Requests count per email only once
    # the CAPTCHA is solved.
    "reset_password": env_rate("RATE_LIMIT_RESET_PASSWORD", "5/m/ip,30/h/ip"),
    "reset_password_email": env_rate("RATE_LIMIT_RESET_PASSWORD_EMAIL", "5/h/key"),
    "reset_password_code": env_rate(
        "RATE_LIMIT_RESET_PASSWORD_CODE", "20/m/ip,60/h/ip,10/15m/key,100/d/key"
    ),
    # Checks of automated customs system credentials at registration, per
    # client address and per licence (the "key" is the licence number).
    "registry_check": env_rate("RATE_LIMIT_REGISTRY_CHECK", "5/m/ip,20/h/ip,5/15m/key"),
    "captcha_audio": env_rate("RATE_LIMIT_CAPTCHA_AUDIO", "20/m/ip"),
    # Notices sent instead of codes to an address whose details are already
    # registered, per address.
    "notice_email": env_rate("RATE_LIMIT_NOTICE_EMAIL", "3/h/key"),
}
LOGIN_REDIRECT_URL = "home"
LOGIN_URL = "account_login"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

# One-time codes (email and SMS verification).
VERIFICATION_CODE_TTL_SECONDS = env_int("VERIFICATION_CODE_TTL_SECONDS", 600, minimum=60)
VERIFICATION_CODE_MAX_ATTEMPTS = env_int("VERIFICATION_CODE_MAX_ATTEMPTS", 5, minimum=1)
VERIFICATION_RESEND_COOLDOWN_SECONDS = env_int("VERIFICATION_RESEND_COOLDOWN_SECONDS", 60)
VERIFICATION_MAX_CODES_PER_HOUR = env_int("VERIFICATION_MAX_CODES_PER_HOUR", 5, minimum=1)
SMS_VERIFICATION_ENABLED = env_bool("SMS_VERIFICATION_ENABLED", True)

# Sessions: 30 minutes of inactivity (the cookie and the stored session
# expire together because every request refreshes both) and 12 hours in all,
# enforced by customs_portal.middleware.SessionLifetimeMiddleware.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_TIMEOUT_SECONDS", 30 * 60, minimum=60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_TIMEOUT_SECONDS = env_int("SESSION_ABSOLUTE_TIMEOUT_SECONDS", 12 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# HTTPS. Production sits behind a TLS-terminating proxy that sets
# X-Forwarded-Proto; development serves plain HTTP on loopback.
SECURE_COOKIES = env_bool("SECURE_COOKIES", PRODUCTION)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("TRUST_X_FORWARDED_PROTO", PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Number of reverse proxies in front of the portal; allauth's rate limits
# take the client address from X-Forwarded-For only this many hops deep.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if PRODUCTION and "TRUSTED_PROXY_COUNT" not in os.environ:
    # Behind a proxy with the count left at 0, every client shares the
    # proxy's address and so one rate-limit quota.
    raise ImproperlyConfigured(
        "TRUSTED_PROXY_COUNT is required in production: the number of reverse proxies "
        "in front of the portal (0 if clients connect directly)."
    )

# Languages: Arabic first, English one click away.
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Kuwait"

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Email. Development captures messages in the outbox; production sends
# through SMTP.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "no-reply@customs.example")
if PRODUCTION:
    EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
else:
    EMAIL_BACKEND = env_str("EMAIL_BACKEND", "notifications.backends.OutboxEmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT_SECONDS", 10, minimum=1)

# SMS gateway.
if PRODUCTION and SMS_VERIFICATION_ENABLED:
    SMS_BACKEND = env_str("SMS_BACKEND", "notifications.sms.HttpSmsBackend")
else:
    SMS_BACKEND = env_str("SMS_BACKEND", "notifications.sms.OutboxSmsBackend")
SMS_GATEWAY_URL = env_str("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = env_str("SMS_GATEWAY_TOKEN", "")
SMS_SENDER_ID = env_str("SMS_SENDER_ID", "KWCustoms")
SMS_GATEWAY_TIMEOUT_SECONDS = env_int("SMS_GATEWAY_TIMEOUT_SECONDS", 10, minimum=1)
if SMS_BACKEND == "notifications.sms.HttpSmsBackend" and not SMS_GATEWAY_URL:
    raise ImproperlyConfigured("SMS_GATEWAY_URL is required by the HTTP SMS backend.")

# The automated customs system's registry of licences and users (see
# docs/customs-registry.md). The local backend reads tables in the portal's
# database; the HTTP backend calls the registry service.
CUSTOMS_REGISTRY_BACKEND = env_str(
    "CUSTOMS_REGISTRY_BACKEND", "customs_registry.backends.local.LocalRegistry"
)
CUSTOMS_REGISTRY_URL = env_str("CUSTOMS_REGISTRY_URL", "")
CUSTOMS_REGISTRY_TOKEN = env_str("CUSTOMS_REGISTRY_TOKEN", "")
CUSTOMS_REGISTRY_TIMEOUT_SECONDS = env_int("CUSTOMS_REGISTRY_TIMEOUT_SECONDS", 5, minimum=1)
CUSTOMS_REGISTRY_RETRIES = env_int("CUSTOMS_REGISTRY_RETRIES", 2)
if CUSTOMS_REGISTRY_BACKEND == "customs_registry.backends.http.HttpRegistry":
    if not CUSTOMS_REGISTRY_URL:
        raise ImproperlyConfigured("CUSTOMS_REGISTRY_URL is required by the HTTP registry backend.")
    if PRODUCTION and not CUSTOMS_REGISTRY_URL.startswith("https://"):
        raise ImproperlyConfigured("CUSTOMS_REGISTRY_URL must start with https:// in production.")

# The development outbox page lists captured messages, codes included, so it
# exists only while DEBUG is on.
DEV_OUTBOX_ENABLED = DEBUG

# CAPTCHA: mixed-case challenges compared case-sensitively.
CAPTCHA_CHALLENGE_FUNCT = "accounts.captcha.mixed_case_challenge"
CAPTCHA_LENGTH = 5
CAPTCHA_TIMEOUT = 10  # minutes
CAPTCHA_IMAGE_SIZE = (150, 50)
CAPTCHA_FONT_SIZE = 34
# Audio alternative: flite (Debian package flite) speaks the challenge.
CAPTCHA_FLITE_PATH = env_str(
    "CAPTCHA_FLITE_PATH", "/usr/bin/flite" if Path("/usr/bin/flite").exists() else ""
) or None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django logs every 4xx with the path only; keep it at WARNING.
        "django.request": {"level": "WARNING"},
    },
}

# User.email is unique through a case-insensitive constraint (Lower("email")),
# which Django's check for a unique USERNAME_FIELD does not recognise.
SILENCED_SYSTEM_CHECKS = ["auth.W004"]
