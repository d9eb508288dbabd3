"""IPA level-4 exams, current and legacy, as reference data; passes on the entry of their year."""

import importlib
from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from accelerators.forms import IpaPassForm
from accelerators.models import IpaExam, IpaPass
from accelerators.selectors import nomination_eligibility
from accelerators.workflow import NominationError, nomination_transition
from tests.factories import login_verified, make_nomination, make_prefecture_user

seed = importlib.import_module("accelerators.migrations.0004_seed_ipa_exam_history")


@pytest.mark.django_db
def test_every_exam_since_1986_is_there_after_migrate():
    exams = {exam.code: exam for exam in IpaExam.objects.select_related("successor")}

    assert len(exams) == 22
    assert {code for code, exam in exams.items() if exam.equivalence == "current"} == {
        "ST", "SA", "PM", "NW", "DB", "ES", "SM", "AU", "SC"
    }  # fmt: skip
    assert {code for code, exam in exams.items() if exam.equivalence == "partial"} == {"SD", "SU"}
    sc = exams["SC"]
    assert (sc.name, sc.first_year, sc.last_year) == ("情報処理安全確保支援士試験", 2017, None)
    su = exams["SU"]
    assert (su.name, su.successor_id, su.first_year, su.last_year) == (
        "情報セキュリティアドミニストレータ試験",
        "SC",
        2001,
        2008,
    )
    assert exams["SD"].successor.name == "ITストラテジスト試験"
    assert exams["AN"].counts_for_rule_2 and not exams["SD"].counts_for_rule_2


def _form(code, year):
    return IpaPassForm(data={"exam": code, "year": str(year)})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "year", "message"),
    [
        ("SC", 2016, "情報処理安全確保支援士試験は2017年に始まった試験です"),
        ("SS", 2017, "2009年から2016年まで実施された試験です"),
        ("SU", 2000, "2001年から2008年まで実施された試験です"),
        ("IA", 1994, "1986年から1993年まで実施された試験です"),
        ("PM", timezone.localdate().year + 1, "1994年から今年まで"),
    ],
)
def test_a_pass_year_outside_the_exams_years_is_refused(code, year, message):
    form = _form(code, year)

    assert not form.is_valid()
    assert message in form.errors["year"][0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "year"), [("SC", 2017), ("SS", 2016), ("TESV", 2006), ("AN", 1986), ("NW", 1994)]
)
def test_a_pass_year_within_the_exams_years_is_accepted(code, year):
    assert _form(code, year).is_valid()


def _with_pass(code, year, **fields):
    nomination = make_nomination(experience_years=0, **fields)
    IpaPass.objects.create(nomination=nomination, exam_id=code, year=year)
    return nomination


@pytest.mark.django_db
def test_a_full_legacy_equivalent_meets_rule_2():
    nomination = _with_pass("SS", 2015)

    assert nomination_eligibility(nomination).by_exam
    nomination_transition(
        nomination=nomination, action="submit", by=make_prefecture_user("p", "01")
    )
    assert nomination.status == "submitted"


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "year"), [("SU", 2005), ("SD", 2000)])
def test_a_partial_legacy_equivalent_is_not_rule_2_but_evidence_for_rule_3(code, year):
    nomination = _with_pass(code, year)

    eligibility = nomination_eligibility(nomination)

    assert not eligibility.by_exam
    assert eligibility.partial_exam_evidence == [
        f"{IpaExam.objects.get(code=code).name}（{year}年）"
    ]
    with pytest.raises(NominationError, match="推薦できません"):
        nomination_transition(
            nomination=nomination, action="submit", by=make_prefecture_user("p", "01")
        )


@pytest.mark.django_db
def test_the_detail_page_shows_partial_passes_as_evidence_for_rule_3(client):
    nomination = _with_pass("SU", 2005, justification="情報セキュリティ監査の実務10年")
    login_verified(client, make_prefecture_user("p", "01"))

    html = client.get(reverse("accelerators:detail", args=[nomination.pk])).content.decode()

    assert 'id="partial-exam-evidence"' in html
    assert "情報セキュリティアドミニストレータ試験（2005年）" in html
    assert "一部だけが同等のため要件(2)には当たりません" in html


# How the migration placed passes recorded against the 9 current exams before.


@pytest.mark.parametrize(
    ("code", "year", "entry"),
    [
        ("SC", 2020, "SC"),
        ("SC", 2012, "SS"),
        ("SC", 2007, "TESV"),  # TESV and SU both held: the full equivalent
        ("SC", 2003, "SU"),  # only SU held: partial
        ("ST", 2005, "AN"),  # AN and SD both held: the full equivalent
        ("ST", 1990, "AN"),
        ("ES", 1998, "MC"),
        ("ES", 2004, "TEES"),
        ("SM", 1999, "OM"),
        ("AU", 1990, "IA"),
        ("NW", 2005, "NW"),  # NW's years (1994–) include it: kept
        ("PM", 1990, "PM"),  # no entry of the family held then: kept, the form will object
    ],
)
def test_the_migration_puts_a_pass_on_the_entry_held_in_its_year(code, year, entry):
    assert seed.exam_for_pass(code, year) == entry


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_moves_stored_passes_and_can_be_reversed():
    before = [("accelerators", "0003_ipa_exam_history")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()  # every app: going back unapplied others too
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        OldNomination = old.get_model("accelerators", "Nomination")
        OldPass = old.get_model("accelerators", "IpaPass")
        OldExam = old.get_model("accelerators", "IpaExam")
        assert OldExam.objects.count() == 9  # the reverse removed the legacy entries again
        assert (
            "情報セキュリティアドミニストレータ試験" in OldExam.objects.get(code="SC").legacy_names
        )
        nomination = OldNomination.objects.create(
            prefecture_id="01",
            name="旧試験",
            name_kana="きゅうしけん",
            employment_type="permanent",
            start_date=date(2026, 4, 1),
        )
        for code, year in [("SC", 2003), ("SC", 2012), ("ST", 2005), ("PM", 2019)]:
            OldPass.objects.create(nomination=nomination, exam_id=code, year=year)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)

    assert sorted(IpaPass.objects.values_list("exam_id", "year")) == [
        ("AN", 2005), ("PM", 2019), ("SS", 2012), ("SU", 2003)
    ]  # fmt: skip
