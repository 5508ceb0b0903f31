"""Typed readers for settings that come from environment variables.

Every reader raises ImproperlyConfigured naming the variable, so a bad value
stops start-up instead of surfacing later as odd behaviour.
"""

import os
import re

from django.core.exceptions import ImproperlyConfigured

_TRUE_WORDS = {"1", "true", "yes", "on"}
_FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None:
        if default is None:
            raise ImproperlyConfigured(f"The environment variable {name} is required.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE_WORDS:
        return True
    if lowered in _FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean; use true or false.")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name}={number} is below the minimum of {minimum}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# One allauth rate: COUNT/PERIOD/SCOPE, e.g. 10/m/ip or 5/15m/key.
_RATE = re.compile(r"[0-9]+/[0-9]*[smhd]/(ip|key|user)")


def env_rate(name: str, default: str) -> str:
    """Read an allauth rate-limit string, rejecting one allauth would fail on at request time."""
    value = os.environ.get(name, default)
    for part in value.split(","):
        if not _RATE.fullmatch(part.strip()):
            raise ImproperlyConfigured(
                f"{name}={value!r} is not a rate limit; write COUNT/PERIOD/SCOPE, e.g. 10/m/ip."
            )
    return value
