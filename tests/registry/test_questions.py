"""registry.questions is the one place for the questions: every surface reads it.

The first test checks each surface against the catalogue as it is; the second rewords and
renumbers the catalogue (in memory) and finds the change on every surface, which is what makes
rewording or renumbering a question a change to that one file.
"""

import dataclasses
import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse

from registry import questions
from registry.exports import headers
from registry.forms import RegistrationForm
from registry.import_rows import header_key, question_cells
from registry.questions import QUESTIONS, answer_rows, sections
from tests.factories import (
    draft_of,
    login_verified,
    make_answers,
    make_prefecture_user,
    make_registration,
    registration_post,
    reviewed,
)

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _surfaces(client, mic_client, mailoutbox, capture):
    """The text of every surface a question appears on, keyed by surface."""
    form_page = client.get(reverse("registry:register")).content.decode()
    submitted = client.post(reverse("registry:register"), registration_post())
    confirm_page = client.get(submitted.url).content.decode()
    with capture(execute=True):
        client.post(reverse("registry:confirm"), {"draft": draft_of(submitted)})
    registration = reviewed(
        make_registration(email="listed@example.jp", company_name="掲載の会社"), publish=True
    )
    admin_page = mic_client.get(
        reverse("admin:registry_registration_change", args=[registration.pk])
    ).content.decode()
    prefecture = login_verified(client.__class__(), make_prefecture_user("tokyo", "13"))
    workbook = openpyxl.load_workbook(
        io.BytesIO(prefecture.get(reverse("registry:prefecture-companies-xlsx")).content)
    )
    return {
        "form": form_page,
        "confirm": confirm_page,
        "mail": next(m.body for m in mailoutbox if "受け付けました" in m.subject),
        "admin": admin_page,
        "excel": " ".join(str(cell) for cell in next(workbook.active.iter_rows(values_only=True))),
        "public list": client.get(reverse("registry:companies")).content.decode(),
    }


def test_every_surface_reads_the_catalogue(
    client, mic_client, mailoutbox, django_capture_on_commit_callbacks
):
    seen = _surfaces(client, mic_client, mailoutbox, django_capture_on_commit_callbacks)
    form = RegistrationForm()

    for question in QUESTIONS:
        for field in question.fields:
            assert form.fields[field].label == question.label(field)
            assert form.fields[field].question_number == question.number
        assert (
            f'<span class="question-number" id="q{question.number}">問{question.number}</span>{question.text}'
            in (seen["form"])
        )
        assert f"問{question.number}</span>{question.title}" in seen["confirm"]
        assert f"問{question.number} {question.title}" in seen["mail"]
        assert header_key(question.text) == question_cells()[question.number]
        assert header_key(str(question.number)) == question_cells()[question.number]
        if question.published_as:
            assert f'<th scope="col">{question.published_as}</th>' in seen["public list"]
    for title, grouped in sections():
        assert title in seen["admin"]
        assert all(f"問{q.number}" in title for q in (grouped[0], grouped[-1]))
    for question in [q for _, qs in sections()[1:] for q in qs]:
        assert f"問{question.number} {question.title}" in seen["excel"]


@pytest.fixture
def reworded():
    """The catalogue with every question moved 20 numbers on and 問15 reworded, in memory."""
    original = list(QUESTIONS)
    QUESTIONS[:] = [
        dataclasses.replace(
            question,
            number=question.number + 20,
            **(
                {"title": "紹介サイト（改）", "text": "紹介サイトのURLを記入ください。（改）"}
                if question.fields == ["website"]
                else {}
            ),
        )
        for question in original
    ]
    yield
    QUESTIONS[:] = original


def test_rewording_and_renumbering_is_a_change_to_the_catalogue_only(
    reworded, client, mic_client, mailoutbox, django_capture_on_commit_callbacks
):
    seen = _surfaces(client, mic_client, mailoutbox, django_capture_on_commit_callbacks)

    assert (
        '<span class="question-number" id="q35">問35</span>紹介サイトのURLを記入ください。（改）'
        in seen["form"]
    )
    assert "問21～問25" in seen["admin"]
    assert "問35</span>紹介サイト（改）" in seen["confirm"]
    assert "問35 紹介サイト（改）" in seen["mail"]
    assert "問35 紹介サイト（改）" in seen["excel"]
    assert "問35 紹介サイト（改）" in headers()
    assert header_key("35") == "website"
    assert header_key("紹介サイトのURLを記入ください。（改）") == "website"
    assert "問28で選択された都道府県" in client.get(reverse("registry:privacy")).content.decode()
    assert [row["number"] for row in answer_rows(make_answers())] == list(range(21, 37))
    assert (
        "問26で「登録を希望する」と回答いただいた方は、問27～問31にお答えください。"
        in (seen["form"])
    )


def test_no_other_file_names_a_question_by_its_number():
    """Outside the catalogue, numbers come from it: no literal 問N in code or templates."""
    literal = re.compile(r"問\d")
    places = [
        *(ROOT / "registry").rglob("*.py"),
        *(ROOT / "templates").rglob("*.html"),
        *(ROOT / "static" / "js").rglob("*.js"),
    ]
    offenders = [
        str(path.relative_to(ROOT))
        for path in places
        if "migrations" not in path.parts
        and path != Path(questions.__file__)
        and literal.search(path.read_text(encoding="utf-8"))
    ]

    assert offenders == []


@pytest.mark.parametrize("field", ["work_days", "periods"])
def test_checkbox_questions_worded_as_write_in_say_to_tick_all_that_apply(client, field):
    question = next(q for q in QUESTIONS if field in q.fields)
    html = client.get(reverse("registry:register")).content.decode()
    hint = re.search(rf'<p class="form-text" id="id_{field}_helptext">(.*?)</p>', html)

    assert question.text.endswith("記入ください。（複数選択可）")  # the official text, kept
    assert question.text in html
    assert hint and hint.group(1).startswith("当てはまるものをすべて選んでください。")
    assert f'aria-describedby="id_{field}_helptext' in html
