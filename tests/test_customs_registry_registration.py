"""Registration with an automated customs system account, through the local registry."""

import logging
import socket

import pytest
from django.contrib.auth.hashers import check_password

from accounts.models import User
from customs_registry import errors as registry_errors
from customs_registry.backends.local import LocalRegistry
from notifications.models import OutboxMessage
from organizations.models import AuditEvent, LegalEntity, Membership, Organization
from tests.conftest import STRONG_PASSWORD, VALID_CIVIL_ID, page_form, registration_data, solve_captcha

pytestmark = pytest.mark.django_db

FAHAD = {"licence_number": "KC-1001", "registry_user_id": "fahad.m", "registry_password": "Legacy#1001"}
SALEM = {"licence_number": "KC-1001", "registry_user_id": "salem.k", "registry_password": "Legacy#1002"}


def registry_data(**overrides) -> dict:
    data = {
        "legal_entity": str(LegalEntity.objects.get(code="clearing_agent").pk),
        "has_registry_account": "on",
        "route": "registry",
        "gender": "male",
        **FAHAD,
        "mobile": "51234567",
        "email": "fahad@example.com",
        "password1": STRONG_PASSWORD,
        "password2": STRONG_PASSWORD,
        "accept_terms": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def unused_port():
    """A loopback port with nothing listening, so connections are refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def register_with_registry(client, demo_data):
    """Post the registry route of the form with a solved CAPTCHA; return the response."""

    def post(**overrides):
        page = client.get("/accounts/register/")
        data = registry_data(**overrides)
        data.update(solve_captcha(page.content.decode()))
        return client.post("/accounts/register/", data)

    return post


def route_groups(html: str) -> dict[str, bool]:
    """Map each route to whether its field groups are shown on the page."""
    return {
        route: f'data-route="{route}">' in html or f'data-route="{route}" >' in html
        for route in ("new", "registry")
    }


def test_page_offers_check_box(client, demo_data):
    html = client.get("/accounts/register/").content.decode()

    assert 'name="has_registry_account"' in html
    assert route_groups(html) == {"new": True, "registry": False}


def test_ticking_box_switches_fields(client, demo_data):
    data = registration_data(has_registry_account="on", route="new", first_name="", civil_id="")

    response = client.post("/accounts/register/", data)

    html = response.content.decode()
    assert response.status_code == 200
    assert route_groups(html) == {"new": False, "registry": True}
    assert 'name="route" value="registry"' in html


def test_switch_shows_no_errors(client, demo_data):
    data = registration_data(has_registry_account="on", route="new", first_name="", civil_id="")

    form = page_form(client.post("/accounts/register/", data))

    assert form.errors == {}


def test_switch_keeps_typed_values(client, demo_data):
    data = registration_data(has_registry_account="on", route="new")

    form = page_form(client.post("/accounts/register/", data))

    assert form.values["email"] == "Ahmad@Example.COM"
    assert form.values["mobile"] == "51234567"
    assert form.values["first_name"] == "أحمد"


def test_switch_saves_nothing(client, demo_data):
    client.post("/accounts/register/", registration_data(has_registry_account="on", route="new"))

    assert User.objects.count() == 0


def test_clearing_box_switches_back(client, demo_data):
    data = registry_data(has_registry_account="", route="registry")
    del data["has_registry_account"]

    response = client.post("/accounts/register/", data)

    html = response.content.decode()
    assert route_groups(html) == {"new": True, "registry": False}
    assert page_form(response).errors == {}


def test_box_ignored_for_other_entity(client, demo_data):
    company = LegalEntity.objects.get(code="clearance_company")
    data = registry_data(legal_entity=str(company.pk), route="new")

    form = page_form(client.post("/accounts/register/", data))

    assert "first_name" in form.errors
    assert "civil_id" in form.errors
    assert "licence_number" not in form.errors


def test_registry_route_requires_its_fields(client, demo_data):
    data = registry_data(licence_number="", registry_user_id="", registry_password="")

    form = page_form(client.post("/accounts/register/", data))

    assert set(form.errors) == {"licence_number", "registry_user_id", "registry_password", "captcha"}


def test_registration_creates_account_for_licence(register_with_registry):
    response = register_with_registry()

    assert response.status_code == 302
    assert response["Location"] == "/accounts/verify/"
    organization = Organization.objects.get()
    assert organization.licence_number == "KC-1001"
    assert organization.status == Organization.Status.PENDING
    membership = Membership.objects.get()
    assert membership.role == Membership.Role.GENERAL
    assert membership.organization == organization


def test_identity_comes_from_registry(register_with_registry):
    register_with_registry(first_name="Mallory", last_name="Smith", civil_id=VALID_CIVIL_ID)

    user = User.objects.get()
    assert user.first_name == "فهد"
    assert user.last_name == "المطيري"
    assert user.civil_id == "285051500007"
    assert user.email == "fahad@example.com"
    assert user.mobile == "+96551234567"


def test_registration_sends_codes(register_with_registry):
    register_with_registry()

    assert OutboxMessage.objects.filter(channel="email", recipient="fahad@example.com").count() == 1
    assert OutboxMessage.objects.filter(channel="sms", recipient="+96551234567").count() == 1


def test_registration_records_licence_link(register_with_registry):
    register_with_registry()

    event = AuditEvent.objects.get(action="licence_linked")
    assert event.details == {"from": None, "to": "KC-1001"}
    assert event.actor == User.objects.get()


def test_verification_activates_licence_account(client, register_with_registry, verify_registration):
    register_with_registry()
    user = User.objects.get()

    response = verify_registration(user)

    assert response["Location"] == "/accounts/verified/"
    assert Organization.objects.get().status == Organization.Status.ACTIVE


def test_licence_number_in_arabic_digits(register_with_registry):
    response = register_with_registry(licence_number=" kc-١٠٠١ ")

    assert response.status_code == 302
    assert Organization.objects.get().licence_number == "KC-1001"


@pytest.mark.parametrize(
    "credentials",
    [
        pytest.param({"licence_number": "KC-9999"}, id="unknown-licence"),
        pytest.param(
            {"licence_number": "KC-2001", "registry_user_id": "khaled.s", "registry_password": "Legacy#3001"},
            id="suspended-licence",
        ),
        pytest.param(
            {"licence_number": "KC-2002", "registry_user_id": "maryam.h", "registry_password": "Legacy#4001"},
            id="expired-licence",
        ),
        pytest.param(
            {"licence_number": "KC-2003", "registry_user_id": "bader.r", "registry_password": "Legacy#5001"},
            id="revoked-licence",
        ),
        pytest.param({"licence_number": "KC-1002"}, id="user-of-another-licence"),
        pytest.param({"registry_user_id": "nobody"}, id="unknown-user"),
        pytest.param({"registry_password": "Legacy#1002"}, id="wrong-password"),
    ],
)
def test_mismatch_gets_one_message(register_with_registry, credentials):
    response = register_with_registry(**credentials)

    assert response.status_code == 200
    assert page_form(response).errors == {None: [str(registry_errors.CHECK_FAILED)]}
    assert User.objects.count() == 0
    assert Organization.objects.count() == 0


def test_mismatch_keeps_typed_values(register_with_registry):
    form = page_form(register_with_registry(registry_password="wrong"))

    assert form.values["licence_number"] == "KC-1001"
    assert form.values["registry_user_id"] == "fahad.m"
    assert form.values["email"] == "fahad@example.com"


def test_legacy_password_never_echoed(register_with_registry):
    response = register_with_registry(email="not-an-email")

    assert "Legacy#1001" not in response.content.decode()
    assert page_form(response).values["registry_password"] == ""


def test_legacy_password_marked_sensitive(register_with_registry):
    response = register_with_registry(registry_password="wrong")

    assert "registry_password" in response.wsgi_request.sensitive_post_parameters


def test_registered_licence_refused(client, register_with_registry):
    register_with_registry()
    client.logout()
    client.cookies.clear()

    response = register_with_registry(**SALEM, email="salem@example.com", mobile="66123456")

    assert page_form(response).errors == {None: [str(registry_errors.LICENCE_ALREADY_REGISTERED)]}
    assert User.objects.count() == 1


def test_registered_licence_hidden_without_credentials(client, register_with_registry):
    register_with_registry()
    client.logout()
    client.cookies.clear()

    response = register_with_registry(**{**SALEM, "registry_password": "wrong"}, email="salem@example.com")

    assert page_form(response).errors == {None: [str(registry_errors.CHECK_FAILED)]}


def test_registered_civil_id_looks_like_success(client, register, register_with_registry):
    register(civil_id="285051500007", email="fahad.old@example.com")
    client.logout()
    client.cookies.clear()

    response = register_with_registry()

    assert response["Location"] == "/accounts/verify/"
    assert User.objects.count() == 1
    assert Organization.objects.filter(licence_number="KC-1001").count() == 0
    assert OutboxMessage.objects.filter(recipient="fahad@example.com").count() == 1


def test_unreachable_registry_saves_nothing(register_with_registry, settings, unused_port):
    settings.CUSTOMS_REGISTRY_BACKEND = "customs_registry.backends.http.HttpRegistry"
    settings.CUSTOMS_REGISTRY_URL = f"http://127.0.0.1:{unused_port}/registry"
    settings.CUSTOMS_REGISTRY_RETRIES = 0

    response = register_with_registry()

    assert page_form(response).errors == {None: [str(registry_errors.REGISTRY_UNAVAILABLE)]}
    assert User.objects.count() == 0
    assert Organization.objects.count() == 0


def test_unreachable_registry_logged(register_with_registry, settings, unused_port, caplog):
    settings.CUSTOMS_REGISTRY_BACKEND = "customs_registry.backends.http.HttpRegistry"
    settings.CUSTOMS_REGISTRY_URL = f"http://127.0.0.1:{unused_port}/registry"
    settings.CUSTOMS_REGISTRY_RETRIES = 0

    with caplog.at_level(logging.WARNING, logger="customs_registry"):
        register_with_registry()

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "KC-1001" in logged
    assert "Legacy#1001" not in logged


def test_failures_limited_per_licence(register_with_registry, monkeypatch):
    for attempt in range(5):
        register_with_registry(registry_password=f"wrong-{attempt}")
    calls = []
    original = LocalRegistry.authenticate
    monkeypatch.setattr(
        LocalRegistry, "authenticate", lambda self, *args: calls.append(args) or original(self, *args)
    )

    response = register_with_registry()

    assert page_form(response).errors == {None: [str(registry_errors.TOO_MANY_CHECKS)]}
    assert calls == []
    assert User.objects.count() == 0


def test_failures_limited_per_address(register_with_registry, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "registry_check": "3/m/ip"}
    for number in ("KC-9001", "KC-9002", "KC-9003"):
        register_with_registry(licence_number=number)

    response = register_with_registry()

    assert page_form(response).errors == {None: [str(registry_errors.TOO_MANY_CHECKS)]}


def test_invalid_licence_number_rejected(register_with_registry):
    form = page_form(register_with_registry(licence_number="KC 1001/x"))

    assert form.errors == {"licence_number": [str(registry_errors.LICENCE_NUMBER_INVALID)]}


def test_legacy_password_not_stored(register_with_registry):
    register_with_registry()

    user = User.objects.get()
    assert not check_password("Legacy#1001", user.password)
    assert check_password(STRONG_PASSWORD, user.password)
