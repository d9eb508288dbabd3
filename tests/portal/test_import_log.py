"""The log of confirmed imports in the admin: who imported which file, no personal data."""

import pytest
from django.urls import reverse

from portal.models import ImportLog, RetentionRun
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _logs(count):
    for n in range(count):
        ImportLog.objects.create(
            kind="registrations" if n % 2 else "appointments",
            user=make_user(f"importer-{ImportLog.objects.count()}"),
            file_name=f"file{n}.xlsx",
            file_sha256=f"{n:064d}",
            row_count=10,
            imported_count=9,
            skipped_count=1,
        )


def test_the_import_log_names_each_kind_and_runs_a_constant_number_of_queries(
    mic_client, django_assert_max_num_queries
):
    url = reverse("admin:portal_importlog_changelist")
    _logs(2)
    with django_assert_max_num_queries(20) as few:
        page = mic_client.get(url).content.decode()
    _logs(30)

    with django_assert_max_num_queries(len(few.captured_queries)):
        mic_client.get(url)
    assert "旧フォームの回答（協力企業・団体の登録）" in page
    assert "既存の任命（アクセラレータ）" in page


def test_the_erasure_log_runs_a_constant_number_of_queries(
    mic_client, django_assert_max_num_queries
):
    url = reverse("admin:portal_retentionrun_changelist")

    def runs(count):
        for _ in range(count):
            RetentionRun.objects.create(
                report=[
                    {
                        "label": "協力可能人材",
                        "rule": "取下げから365日",
                        "entries": 1,
                        "receipt_numbers": ["TR-1"],
                        "erased": "氏名",
                        "counts": {"変更履歴の行": 2},
                    }
                ]
            )

    runs(1)
    with django_assert_max_num_queries(20) as few:
        assert mic_client.get(url).status_code == 200
    runs(30)

    with django_assert_max_num_queries(len(few.captured_queries)):
        mic_client.get(url)
