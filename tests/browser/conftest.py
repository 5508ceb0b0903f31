"""Fixtures for the browser tests: Debian's chromium driven by Playwright
against pytest-django's live server.

The live server runs in a thread of the test process and the sync Playwright
API keeps an event loop running in the main thread, so Django's guard
against database access from async code has to be lifted here.
"""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
DESKTOP_VIEWPORT = {"width": 1024, "height": 800}


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip(f"Debian's chromium is not installed at {CHROMIUM}; run bin/setup --dev")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed; run bin/setup --dev"
    )
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def portal_data(transactional_db):
    call_command("load_demo_data", stdout=io.StringIO())


@pytest.fixture
def browser_context(chromium, live_server, portal_data):
    context = chromium.new_context(base_url=live_server.url, viewport=DESKTOP_VIEWPORT)
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    return browser_context.new_page()


@pytest.fixture(params=["ar", "en"])
def language(request):
    """The interface language a test runs in. Arabic is the portal's default."""
    return request.param
