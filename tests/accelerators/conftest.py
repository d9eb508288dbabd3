"""Fixtures shared by the nomination workflow tests (the moves, and the separation of duties)."""

import pytest

from tests.factories import make_prefecture_user


@pytest.fixture
def hokkaido_user():
    return make_prefecture_user("hokkaido", "01")


@pytest.fixture
def aomori_user():
    return make_prefecture_user("aomori", "02")
