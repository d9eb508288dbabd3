"""Fixtures shared by the prefecture-staff tests (lists and exports)."""

import pytest

from tests.factories import (
    login_verified,
    make_answers,
    make_prefecture_user,
    make_registration,
    prefectures,
    reviewed,
)


@pytest.fixture
def hokkaido(client):
    user = make_prefecture_user("hokkaido", "01")
    login_verified(client, user)
    return client


@pytest.fixture
def companies():
    """Registrations covering the visibility rule for 北海道."""
    return {
        "named": reviewed(
            make_registration(
                company_name="北海道指定",
                email="a@example.jp",
                dispatch_prefectures=prefectures("01"),
            )
        ),
        "nationwide": reviewed(
            make_registration(
                company_name="全国対応",
                email="b@example.jp",
                dispatch_scope=["dispatch_nationwide"],
                dispatch_prefectures=[],
            ),
            publish=True,
        ),
        "undecided": reviewed(
            make_registration(
                company_name="未定",
                email="c@example.jp",
                dispatch_scope=["dispatch_undecided"],
                dispatch_prefectures=prefectures("13"),
            )
        ),
        "other": reviewed(
            make_registration(
                company_name="東京のみ",
                email="d@example.jp",
                dispatch_prefectures=prefectures("13"),
            )
        ),
        "unreviewed": make_registration(
            company_name="未確認", email="e@example.jp", dispatch_prefectures=prefectures("01")
        ),
        "declined": reviewed(
            make_registration(
                **make_answers(
                    company_name="出向なし",
                    email="f@example.jp",
                    secondment="no",
                    base_prefectures=[],
                    dispatch_prefectures=[],
                    work_styles=[],
                    periods=[],
                )
            )
        ),
    }
