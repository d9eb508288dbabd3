import pytest
from django.test import Client


@pytest.fixture
def csrf_client():
    """A client that enforces CSRF like a browser would meet it."""
    return Client(enforce_csrf_checks=True)
