"""The HTTP registry backend against a registry service on 127.0.0.1 started by the tests."""

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from accounts.models import User
from customs_registry import errors as registry_errors
from customs_registry.backends.http import HttpRegistry, MalformedReply
from customs_registry.registry import RegistryUnavailable
from organizations.models import Organization
from tests.conftest import page_form, solve_captcha
from tests.test_customs_registry_registration import FAHAD, SALEM, registry_data

LICENCES = {
    "KC-1001": {"number": "KC-1001", "status": "active", "expires_on": "2030-12-31"},
    "KC-1002": {"number": "KC-1002", "status": "active", "expires_on": None},
    "KC-2001": {"number": "KC-2001", "status": "suspended", "expires_on": "2030-12-31"},
    "KC-2002": {"number": "KC-2002", "status": "active", "expires_on": "2020-06-30"},
}
USERS = {
    "fahad.m": ("KC-1001", "Legacy#1001", "فهد", "المطيري", "285051500007"),
    "salem.k": ("KC-1001", "Legacy#1002", "Salem", "Al-Kandari", "278110300019"),
    "noura.a": ("KC-1002", "Legacy#2001", "نورة", "العنزي", "292022000009"),
    "khaled.s": ("KC-2001", "Legacy#3001", "Khaled", "Al-Shammari", "280031200004"),
    "maryam.h": ("KC-2002", "Legacy#4001", "مريم", "الحربي", "291070700005"),
}
TOKEN = "test-registry-token"


class RegistryService(BaseHTTPRequestHandler):
    """A registry service that follows docs/customs-registry.md over a fixed data set.

    server.scripted is a list of (status, body, delay) replies served first,
    in order, in place of the real reply. server.requests records each request.
    """

    def log_message(self, *args):
        pass

    def _reply(self, status, body):
        payload = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _handle(self, method):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.requests.append(
            {"method": method, "path": self.path, "headers": dict(self.headers), "body": body}
        )
        if self.server.scripted:
            status, reply, delay = self.server.scripted.pop(0)
            time.sleep(delay)
            return self._reply(status, reply)
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            return self._reply(403, {"error": "forbidden"})
        parts = self.path.strip("/").split("/")
        if parts[:2] != ["registry", "licences"] or len(parts) < 3 or parts[2] not in LICENCES:
            return self._reply(404, {"error": "not found"})
        licence = LICENCES[parts[2]]
        if method == "GET" and len(parts) == 3:
            return self._reply(200, licence)
        if method == "POST" and parts[3:] == ["authenticate"]:
            request = json.loads(body)
            record = USERS.get(request.get("user_id"))
            if record is None or record[0] != licence["number"]:
                return self._reply(404, {"error": "not found"})
            if record[1] != request.get("password"):
                return self._reply(401, {"error": "unauthorized"})
            return self._reply(
                200,
                {
                    "user_id": request["user_id"],
                    "first_name": record[2],
                    "last_name": record[3],
                    "civil_id": record[4],
                    "licence": licence,
                },
            )
        return self._reply(404, {"error": "not found"})

    def do_GET(self):
        self._handle("GET")

    def do_POST(self):
        self._handle("POST")


@pytest.fixture
def registry_service(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), RegistryService)
    server.daemon_threads = True
    server.scripted = []
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.CUSTOMS_REGISTRY_BACKEND = "customs_registry.backends.http.HttpRegistry"
    settings.CUSTOMS_REGISTRY_URL = f"http://127.0.0.1:{server.server_port}/registry/"
    settings.CUSTOMS_REGISTRY_TOKEN = TOKEN
    settings.CUSTOMS_REGISTRY_TIMEOUT_SECONDS = 1
    settings.CUSTOMS_REGISTRY_RETRIES = 2
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def register_remote(client, db, registry_service):
    """Post the registry route of the form while the HTTP backend is in use."""
    call_command("load_demo_data", stdout=open("/dev/null", "w"))
    # Empty the local tables, so a pass cannot come from the local backend.
    from customs_registry.models import RegistryLicence

    RegistryLicence.objects.all().delete()

    def post(**overrides):
        page = client.get("/accounts/register/")
        data = registry_data(**overrides)
        data.update(solve_captcha(page.content.decode()))
        return client.post("/accounts/register/", data)

    return post


# The backend on its own.


def test_find_licence_returns_record(registry_service):
    licence = HttpRegistry().find_licence("KC-1001")

    assert licence.number == "KC-1001"
    assert licence.is_active


def test_find_licence_unknown_returns_none(registry_service):
    assert HttpRegistry().find_licence("KC-9999") is None


def test_find_licence_past_expiry_is_expired(registry_service):
    licence = HttpRegistry().find_licence("KC-2002")

    assert licence.status == "expired"
    assert not licence.is_active


def test_authenticate_returns_person(registry_service):
    person = HttpRegistry().authenticate("KC-1001", "fahad.m", "Legacy#1001")

    assert person.first_name == "فهد"
    assert person.civil_id == "285051500007"
    assert person.licence.number == "KC-1001"


def test_authenticate_sends_token_and_body(registry_service):
    HttpRegistry().authenticate("KC-1001", "fahad.m", "Legacy#1001")

    request = registry_service.requests[0]
    assert request["path"] == "/registry/licences/KC-1001/authenticate"
    assert request["headers"]["Authorization"] == f"Bearer {TOKEN}"
    assert json.loads(request["body"]) == {"user_id": "fahad.m", "password": "Legacy#1001"}


@pytest.mark.parametrize(
    "licence, user_id, password",
    [
        pytest.param("KC-9999", "fahad.m", "Legacy#1001", id="unknown-licence"),
        pytest.param("KC-1002", "fahad.m", "Legacy#1001", id="user-of-another-licence"),
        pytest.param("KC-1001", "fahad.m", "Legacy#1002", id="wrong-password"),
    ],
)
def test_authenticate_mismatch_returns_none(registry_service, licence, user_id, password):
    assert HttpRegistry().authenticate(licence, user_id, password) is None


def test_read_timeout_not_retried(registry_service):
    registry_service.scripted = [(200, {}, 2.0)]

    with pytest.raises(RegistryUnavailable):
        HttpRegistry().authenticate("KC-1001", "fahad.m", "Legacy#1001")
    assert len(registry_service.requests) == 1


def test_unavailable_lookup_retried(registry_service):
    registry_service.scripted = [(503, {"error": "busy"}, 0)]

    licence = HttpRegistry().find_licence("KC-1001")

    assert licence is not None
    assert len(registry_service.requests) == 2


def test_unavailable_password_check_not_retried(registry_service):
    registry_service.scripted = [(503, {"error": "busy"}, 0)]

    with pytest.raises(RegistryUnavailable):
        HttpRegistry().authenticate("KC-1001", "fahad.m", "Legacy#1001")
    assert len(registry_service.requests) == 1


def test_server_error_raises(registry_service):
    registry_service.scripted = [(500, {"error": "boom"}, 0)]

    with pytest.raises(RegistryUnavailable):
        HttpRegistry().find_licence("KC-1001")


def test_rejected_token_raises(registry_service, settings):
    settings.CUSTOMS_REGISTRY_TOKEN = "wrong"

    with pytest.raises(RegistryUnavailable):
        HttpRegistry().authenticate("KC-1001", "fahad.m", "Legacy#1001")


PERSON = {
    "user_id": "fahad.m",
    "first_name": "Fahad",
    "last_name": "Al-Mutairi",
    "civil_id": "285051500007",
    "licence": LICENCES["KC-1001"],
}


@pytest.mark.parametrize(
    "reply",
    [
        pytest.param(b"<html>gateway</html>", id="not-json"),
        pytest.param([PERSON], id="json-list"),
        pytest.param({**PERSON, "civil_id": None}, id="missing-civil-id"),
        pytest.param({**PERSON, "civil_id": "12345"}, id="short-civil-id"),
        pytest.param({**PERSON, "first_name": "F" * 51}, id="long-name"),
        pytest.param({**PERSON, "licence": None}, id="missing-licence"),
        pytest.param({**PERSON, "licence": {**LICENCES["KC-1001"], "status": "dormant"}}, id="unknown-status"),
        pytest.param({**PERSON, "licence": {**LICENCES["KC-1001"], "expires_on": "31/12/2030"}}, id="bad-date"),
        pytest.param({**PERSON, "licence": LICENCES["KC-1002"]}, id="other-licence"),
    ],
)
def test_malformed_reply_raises(registry_service, reply):
    registry_service.scripted = [(200, reply, 0)]

    with pytest.raises(MalformedReply):
        HttpRegistry().authenticate("KC-1001", "fahad.m", "Legacy#1001")


def test_refused_connection_raises(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CUSTOMS_REGISTRY_URL = f"http://127.0.0.1:{port}"
    settings.CUSTOMS_REGISTRY_RETRIES = 0

    with pytest.raises(RegistryUnavailable):
        HttpRegistry().find_licence("KC-1001")


# Registration through the HTTP backend.


def test_registration_through_service(register_remote):
    response = register_remote()

    assert response["Location"] == "/accounts/verify/"
    assert User.objects.get().civil_id == "285051500007"
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
        pytest.param({"licence_number": "KC-1002"}, id="user-of-another-licence"),
        pytest.param({"registry_password": "Legacy#1002"}, id="wrong-password"),
    ],
)
def test_service_mismatch_gets_one_message(register_remote, credentials):
    response = register_remote(**credentials)

    assert page_form(response).errors == {None: [str(registry_errors.CHECK_FAILED)]}
    assert User.objects.count() == 0


def test_service_registered_licence_refused(client, register_remote):
    register_remote()
    client.logout()
    client.cookies.clear()

    response = register_remote(**SALEM, email="salem@example.com", mobile="66123456")

    assert page_form(response).errors == {None: [str(registry_errors.LICENCE_ALREADY_REGISTERED)]}


def test_service_timeout_saves_nothing(register_remote, registry_service):
    registry_service.scripted = [(200, {}, 2.0)]

    response = register_remote()

    assert page_form(response).errors == {None: [str(registry_errors.REGISTRY_UNAVAILABLE)]}
    assert User.objects.count() == 0


def test_service_malformed_reply_saves_nothing(register_remote, registry_service):
    registry_service.scripted = [(200, b"not json", 0)]

    response = register_remote(**FAHAD)

    assert page_form(response).errors == {None: [str(registry_errors.REGISTRY_UNAVAILABLE)]}
    assert Organization.objects.count() == 0
