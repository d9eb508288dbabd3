import pytest
from django.test import Client

from tests.factories import login_verified, make_prefecture_user


@pytest.fixture
def clients(mic_user):
    """One signed-in client per row of the access matrix (北海道 is A, 青森県 is B)."""

    def logged_in(user):
        client = Client()
        if user:
            login_verified(client, user)
        return client

    return {
        "anonymous": logged_in(None),
        "prefecture_a": logged_in(make_prefecture_user("pref-a", "01")),
        "prefecture_b": logged_in(make_prefecture_user("pref-b", "02")),
        "mic": logged_in(mic_user),
    }
