"""The link-request page every app makes with portal.self_service_views.edit_request_view."""

import pytest
from django.urls import reverse

from registry.views import edit_request as registry_edit_request
from talent.views.public import edit_request as talent_edit_request

pytestmark = pytest.mark.django_db

URLS = ["registry:edit-request", "talent:edit-request"]


@pytest.mark.parametrize("view", [registry_edit_request, talent_edit_request])
def test_the_page_is_public(view):
    assert view.public is True


@pytest.mark.parametrize("name", URLS)
def test_no_cache_keeps_the_page_and_only_get_and_post_are_taken(client, name):
    url = reverse(name)

    assert "no-store" in client.get(url)["Cache-Control"]
    assert client.put(url).status_code == 405


def test_each_app_counts_its_own_requests(client):
    """Five requests for one address in the registry leave talent's requests for it untouched."""
    for _n in range(5):
        client.post(reverse("registry:edit-request"), {"email": "same@example.jp"})

    assert (
        client.post(reverse("registry:edit-request"), {"email": "same@example.jp"}).status_code
        == 429
    )
    assert (
        client.post(reverse("talent:edit-request"), {"email": "same@example.jp"}).status_code == 200
    )
