"""Environment readers that settings use: a bad value stops start-up."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from customs_portal.env import env_bool, env_int, env_rate


@pytest.mark.parametrize("value", ["10/m/ip", "10/m/ip,5/15m/key", "1/30s/user"])
def test_rate_accepted(monkeypatch, value):
    monkeypatch.setenv("RATE_LIMIT_TEST", value)

    assert env_rate("RATE_LIMIT_TEST", "1/m/ip") == value


@pytest.mark.parametrize("value", ["banana", "10/m", "10/m/host", "ten/m/ip", "10/m/ip,"])
def test_rate_rejected_with_name(monkeypatch, value):
    monkeypatch.setenv("RATE_LIMIT_TEST", value)

    with pytest.raises(ImproperlyConfigured, match="RATE_LIMIT_TEST"):
        env_rate("RATE_LIMIT_TEST", "1/m/ip")


def test_int_below_minimum_rejected(monkeypatch):
    monkeypatch.setenv("ARGON2_TIME_COST", "1")

    with pytest.raises(ImproperlyConfigured, match="ARGON2_TIME_COST"):
        env_int("ARGON2_TIME_COST", 3, minimum=2)


def test_bool_rejects_other_words(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "maybe")

    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG"):
        env_bool("DJANGO_DEBUG", False)
