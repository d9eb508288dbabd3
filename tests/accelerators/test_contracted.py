"""委託による人材確保: records prefectures enter (not accelerators), and the migration of the old
業務委託 nominations into them."""

import importlib
from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from accelerators.models import ContractedStaffing, IpaPass, Nomination, NominationTransition
from tests.factories import make_contracted_staffing

move_migration = importlib.import_module(
    "accelerators.migrations.0007_move_contractors_to_contracted_staffing"
)


def _post(**changes):
    data = {"fiscal_year": "2026", "persons": "2", "annual_cost_yen": "12000000", "note": "委託先A"}
    data.update(changes)
    return data


# What each client gets for a record of prefecture A (01): HTTP status, and whether it still exists.
MATRIX = {
    ("anonymous", "list"): 302,
    ("anonymous", "create"): 302,
    ("anonymous", "edit"): 302,
    ("anonymous", "delete"): 302,
    ("prefecture_a", "list"): 200,
    ("prefecture_a", "create"): 200,
    ("prefecture_a", "edit"): 302,
    ("prefecture_a", "delete"): 302,
    ("prefecture_b", "list"): 200,
    ("prefecture_b", "create"): 200,
    ("prefecture_b", "edit"): 404,
    ("prefecture_b", "delete"): 404,
    ("mic", "list"): 200,
    ("mic", "create"): 403,
    ("mic", "edit"): 403,
    ("mic", "delete"): 403,
}


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "what"), list(MATRIX))
def test_access_matrix(clients, who, what):
    record = make_contracted_staffing("01", note="北海道の委託")
    client = clients[who]

    if what == "list":
        response = client.get(reverse("accelerators:contracted-list"))
    elif what == "create":
        response = client.get(reverse("accelerators:contracted-create"))
    elif what == "edit":
        response = client.post(
            reverse("accelerators:contracted-edit", args=[record.pk]), _post(note="書き換え")
        )
    else:
        response = client.post(reverse("accelerators:contracted-delete", args=[record.pk]))

    assert response.status_code == MATRIX[(who, what)]
    if who == "anonymous":
        assert response.url.startswith(reverse("portal:login"))
    if what == "list" and who != "anonymous":
        assert ("北海道の委託" in response.content.decode()) == (who in ("prefecture_a", "mic"))
    remaining = ContractedStaffing.objects.filter(pk=record.pk).first()
    if (who, what) == ("prefecture_a", "delete"):
        assert remaining is None
    elif (who, what) == ("prefecture_a", "edit"):
        assert remaining.note == "書き換え"
    else:
        assert remaining.note == "北海道の委託"


@pytest.mark.django_db
def test_the_database_refuses_a_contractor_nomination():
    from django.db import IntegrityError, transaction

    from tests.factories import make_nomination

    with pytest.raises(IntegrityError), transaction.atomic():
        make_nomination(employment_type="contractor")


@pytest.mark.django_db
def test_mic_is_told_the_records_are_read_only(clients):
    record = make_contracted_staffing("01")

    response = clients["mic"].get(reverse("accelerators:contracted-edit", args=[record.pk]))

    assert response.status_code == 403
    assert "総務省の職員は閲覧のみです" in response.content.decode()


@pytest.mark.django_db
def test_a_prefecture_adds_a_record_for_its_own_prefecture_only(clients):
    response = clients["prefecture_b"].post(
        reverse("accelerators:contracted-create"), _post(prefecture="01")
    )

    record = ContractedStaffing.objects.get()
    assert response.status_code == 302
    assert (record.prefecture_id, record.fiscal_year, record.persons, record.annual_cost_yen) == (
        "02",
        2026,
        2,
        12_000_000,
    )
    assert record.created_by.username == "pref-b"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"persons": "0"}, "1人以上"),
        ({"persons": "-1"}, "1人以上"),
        ({"annual_cost_yen": "-1"}, "0円以上"),
        ({"fiscal_year": "1999"}, "正しく選択してください"),
        ({"annual_cost_yen": ""}, "年間の委託費（円）を入力してください。"),
    ],
)
def test_bad_records_are_refused_with_a_japanese_message(clients, changes, message):
    response = clients["prefecture_a"].post(
        reverse("accelerators:contracted-create"), _post(**changes)
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ContractedStaffing.objects.exists()


@pytest.mark.django_db
def test_the_nav_links_to_the_contracted_pages(clients):
    html = clients["prefecture_a"].get(reverse("accelerators:list")).content.decode()

    assert f'href="{reverse("accelerators:contracted-list")}">委託による人材確保</a>' in html


@pytest.mark.django_db
def test_the_dashboard_estimate_has_a_contracted_line_per_fiscal_year(clients):
    make_contracted_staffing("01", fiscal_year=2026, persons=2, annual_cost_yen=10_000_000)
    make_contracted_staffing("02", fiscal_year=2026, persons=1, annual_cost_yen=3_000_000)
    make_contracted_staffing("02", fiscal_year=2025, persons=5, annual_cost_yen=50_000_000)

    response = clients["mic"].get(reverse("accelerators:dashboard"), {"fy": "2026"})
    lines = {line.label: line for line in response.context["estimate"]}

    line = lines["委託による人材確保（アクセラレータ以外）"]
    assert (line.persons, line.amount_yen, line.allocation) == (3, 9_100_000, "特別交付税")
    assert "委託による人材確保（アクセラレータ以外）" in response.content.decode()


# The migration of the old 業務委託 nominations.


def _nomination_values(**changes):
    values = {
        "id": 3,
        "prefecture_id": "01",
        "name": "函館　誠",
        "status": "in_review",
        "start_date": date(2026, 4, 1),
        "appointment_date": None,
        "appointment_number": None,
        "annual_cost_yen": 9_000_000,
        "created_by_id": None,
    }
    values.update(changes)
    return values


def test_a_contractor_nomination_becomes_a_record_of_its_start_fiscal_year():
    record = move_migration.contracted_staffing_from(
        _nomination_values(start_date=date(2026, 3, 31))
    )

    assert (record["prefecture_id"], record["fiscal_year"], record["persons"]) == ("01", 2025, 1)
    assert record["annual_cost_yen"] == 9_000_000
    assert "推薦ID 3・函館　誠・状態「審査中」" in record["note"]


def test_an_appointed_contractor_counts_in_the_fiscal_year_of_the_appointment():
    record = move_migration.contracted_staffing_from(
        _nomination_values(
            status="appointed",
            start_date=date(2025, 4, 1),
            appointment_date=date(2026, 6, 1),
            appointment_number="DXA-2026-0915",
        )
    )

    assert record["fiscal_year"] == 2026
    assert "任命番号 DXA-2026-0915" in record["note"]


def test_a_contractor_without_a_cost_is_moved_with_0_yen_and_a_note():
    record = move_migration.contracted_staffing_from(_nomination_values(annual_cost_yen=None))

    assert record["annual_cost_yen"] == 0
    assert "委託費が入力されていなかったため0円" in record["note"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_moves_contractor_nominations_out_of_the_nominations():
    before = [("accelerators", "0006_contracted_staffing_and_appointment_number_counter")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()  # every app: going back unapplied others too
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        OldNomination = old.get_model("accelerators", "Nomination")
        common = {"name_kana": "なまえ", "start_date": date(2025, 10, 1), "prefecture_id": "01"}
        contractor = OldNomination.objects.create(
            name="委託の人", employment_type="contractor", annual_cost_yen=8_000_000, **common
        )
        OldNomination.objects.create(name="常勤の人", employment_type="permanent", **common)
        # What hangs on the nomination goes with it.
        old.get_model("accelerators", "ExperienceEntry").objects.create(
            nomination=contractor,
            organisation="株式会社委託",
            role="SE",
            kind="digital",
            started_on=date(2015, 4, 1),
        )
        old.get_model("accelerators", "IpaPass").objects.create(
            nomination=contractor, exam_id="PM", year=2019
        )
        old.get_model("accelerators", "NominationTransition").objects.create(
            nomination=contractor,
            from_status="draft",
            to_status="submitted",
            changed_by=old.get_model("auth", "User").objects.create(username="pref"),
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)

    record = ContractedStaffing.objects.get()
    assert (record.prefecture_id, record.fiscal_year, record.annual_cost_yen) == (
        "01",
        2025,
        8_000_000,
    )
    assert "委託の人" in record.note
    assert list(Nomination.objects.values_list("name", flat=True)) == ["常勤の人"]
    assert not NominationTransition.objects.exists() and not IpaPass.objects.exists()
