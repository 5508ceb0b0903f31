"""Error pages in the portal's layout and language."""

import pytest

pytestmark = pytest.mark.django_db


def test_not_found_page_arabic(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert 'dir="rtl"' in response.content.decode()


def test_csrf_failure_page(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)

    response = strict.post("/accounts/login/", {"login": "a@example.com", "password": "x"})

    assert response.status_code == 403
    assert 'class="card narrow"' in response.content.decode()
