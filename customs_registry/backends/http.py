"""Registry backend that calls the automated customs system's JSON service.

The contract (paths, bodies, status codes) is in docs/customs-registry.md.
"""

import datetime
import re
from urllib.parse import quote

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from customs_registry.models import LicenceStatus
from customs_registry.registry import (
    LegacyPerson,
    Licence,
    RegistryUnavailable,
    effective_status,
)

_CIVIL_ID_SHAPE = re.compile(r"[0-9]{12}")
_NAME_MAX_LENGTH = 50


class MalformedReply(RegistryUnavailable):
    """Raised when the service's reply does not follow the JSON contract."""


class HttpRegistry:
    """Client of the registry service at settings.CUSTOMS_REGISTRY_URL."""

    def __init__(self):
        self.base_url = settings.CUSTOMS_REGISTRY_URL.rstrip("/")
        self.timeout = settings.CUSTOMS_REGISTRY_TIMEOUT_SECONDS
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/json"
        if settings.CUSTOMS_REGISTRY_TOKEN:
            self.session.headers["Authorization"] = f"Bearer {settings.CUSTOMS_REGISTRY_TOKEN}"
        # A connection failure means the request never arrived, so every
        # request is retried then. A 502/503/504 reply or a read timeout is
        # retried only for the licence lookup (GET): a gateway may have passed
        # the password check (POST) on before failing, and a retry would count
        # it twice against the user's lockout there.
        retry = Retry(
            total=settings.CUSTOMS_REGISTRY_RETRIES,
            connect=settings.CUSTOMS_REGISTRY_RETRIES,
            read=0,
            status=settings.CUSTOMS_REGISTRY_RETRIES,
            status_forcelist=(502, 503, 504),
            allowed_methods=frozenset({"GET"}),
            backoff_factor=0.2,
            respect_retry_after_header=False,
            raise_on_status=False,
        )
        self.session.mount("http://", HTTPAdapter(max_retries=retry))
        self.session.mount("https://", HTTPAdapter(max_retries=retry))

    def _licence_url(self, number: str) -> str:
        return f"{self.base_url}/licences/{quote(number, safe='')}"

    def _send(self, method: str, url: str, **kwargs) -> requests.Response:
        try:
            return self.session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.RequestException as error:
            raise RegistryUnavailable(f"{method} {url} failed: {type(error).__name__}") from error

    def find_licence(self, number: str) -> Licence | None:
        url = self._licence_url(number)
        response = self._send("GET", url)
        if response.status_code == 404:
            return None
        _expect_ok(response, url)
        return _parse_licence(_json_object(response, url), url)

    def authenticate(self, licence_number: str, user_id: str, password: str) -> LegacyPerson | None:
        url = f"{self._licence_url(licence_number)}/authenticate"
        response = self._send("POST", url, json={"user_id": user_id, "password": password})
        # 401: the user ID and password do not match; 404: the licence, or
        # the user under it, does not exist. The portal treats both alike.
        if response.status_code in (401, 404):
            return None
        _expect_ok(response, url)
        body = _json_object(response, url)
        names = ("user_id", "first_name", "last_name", "civil_id")
        values = {name: body.get(name) for name in names}
        if not all(isinstance(value, str) and value for value in values.values()):
            raise MalformedReply(f"{url}: missing or empty {', '.join(names)}")
        if not _CIVIL_ID_SHAPE.fullmatch(values["civil_id"]):
            raise MalformedReply(f"{url}: civil_id is not 12 digits")
        if max(len(values["first_name"]), len(values["last_name"])) > _NAME_MAX_LENGTH:
            raise MalformedReply(f"{url}: a name is longer than {_NAME_MAX_LENGTH} characters")
        licence = _parse_licence(body.get("licence"), url)
        if licence.number != licence_number:
            raise MalformedReply(f"{url}: the reply is for another licence")
        return LegacyPerson(**values, licence=licence)


def _expect_ok(response: requests.Response, url: str) -> None:
    if response.status_code != 200:
        raise RegistryUnavailable(f"{url} returned HTTP {response.status_code}")


def _json_object(response: requests.Response, url: str) -> dict:
    try:
        body = response.json()
    except ValueError:
        raise MalformedReply(f"{url}: the reply is not JSON") from None
    if not isinstance(body, dict):
        raise MalformedReply(f"{url}: the reply is not a JSON object")
    return body


def _parse_licence(data, url: str) -> Licence:
    if not isinstance(data, dict):
        raise MalformedReply(f"{url}: licence is not a JSON object")
    number, status, expires_on = data.get("number"), data.get("status"), data.get("expires_on")
    if not isinstance(number, str) or not number:
        raise MalformedReply(f"{url}: licence number is missing")
    if status not in LicenceStatus.values:
        raise MalformedReply(f"{url}: licence status {status!r} is unknown")
    if expires_on is not None:
        try:
            expires_on = datetime.date.fromisoformat(expires_on)
        except (TypeError, ValueError):
            raise MalformedReply(f"{url}: expires_on {expires_on!r} is not a date") from None
    return Licence(number=number, status=effective_status(status, expires_on), expires_on=expires_on)
