"""Environment readers that settings use: a bad value stops start-up."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from customs_portal.env import env_bool, env_int, env_rate
from tests.conftest import run_with_production_settings


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


def production_settings_error(**overrides) -> str:
    return run_with_production_settings("settings.DEBUG", **overrides).stderr


def test_production_rejects_sqlite():
    assert "PostgreSQL" in production_settings_error(DATABASE_URL="sqlite:///tmp/portal.sqlite3")


def test_production_requires_proxy_count():
    assert "TRUSTED_PROXY_COUNT" in production_settings_error(TRUSTED_PROXY_COUNT=None)


def test_production_settings_load():
    assert production_settings_error() == ""
