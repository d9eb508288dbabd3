"""One mechanism for every mail text (portal.mail_texts): each app's shipped texts are in the
database, render with their placeholders, are edited in one admin, and a data migration that
ships a text never overwrites one 総務省 edited."""

import copy
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.template import Context, Variable
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.admin.mail_texts import MailTextForm
from portal.mail_texts import (
    mail_kinds,
    mail_text_problems,
    mail_text_render,
    mail_text_render_problem,
    mail_texts_held,
    shipped_texts_load,
    shipped_texts_operation,
    shipped_texts_unload,
)
from portal.models import MailText
from talent.mail import specialist_mail_queue
from talent.models import Specialist
from talent.reconfirmation import RECONFIRMATION, specialist_reconfirmation_round_start
from tests.factories import (
    make_mail_entries,
    make_specialist,
    make_user,
)

pytestmark = pytest.mark.django_db
MISSING = "‼未定義:%s‼"
ROUND = datetime(2026, 5, 11, 9, 0, tzinfo=ZoneInfo("Asia/Tokyo"))


@pytest.fixture
def entries():
    return make_mail_entries()


@pytest.fixture
def strict_templates(settings):
    """A placeholder the context lacks prints MISSING instead of nothing."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0].setdefault("OPTIONS", {})["string_if_invalid"] = MISSING
    settings.TEMPLATES = templates


def test_every_declared_text_is_shipped_and_every_shipped_text_declared():
    assert set(MailText.objects.values_list("key", flat=True)) == set(mail_kinds())
    assert {key.split(".")[0] for key in mail_kinds()} == {
        "portal",
        "registry",
        "talent",
        "matching",
    }


def test_the_shipped_texts_are_as_shipped():
    """The migrations load each text once, moved registry rows included: none reads as edited."""
    assert [text.key for text in MailText.objects.all() if text.edited] == []


@pytest.mark.parametrize("key", sorted(mail_kinds()))
def test_every_shipped_text_renders_with_its_placeholders(entries, strict_templates, key):
    kind = mail_kinds()[key]
    context = kind.preview()

    subject, body = mail_text_render(key=key, context=context)

    text = subject + "\n" + body
    assert "‼未定義" not in text, text
    assert "None" not in text, text
    for placeholder, _ in kind.subject_requires:
        value = Variable(placeholder).resolve(Context(context))
        assert value and str(value) in subject, placeholder
    for placeholder, _ in kind.body_requires:
        value = Variable(placeholder).resolve(Context(context))
        assert value and str(value) in body, placeholder


def test_a_shipped_text_is_created_when_missing_and_updated_while_nobody_edited_it():
    shipped_texts_load(apps, {"registry.withdrawn": ("件名 {{ a }}", "新しい本文\n")})
    shipped_texts_load(apps, {"test.new": ("件名", "本文\n")})

    withdrawn = MailText.objects.get(key="registry.withdrawn")
    assert (withdrawn.subject, withdrawn.body) == ("件名 {{ a }}", "新しい本文\n")
    assert not withdrawn.edited
    new = MailText.objects.get(key="test.new")
    assert (new.subject, new.body, new.edited) == ("件名", "本文\n", False)

    shipped_texts_unload(apps, ["test.new"])
    assert not MailText.objects.filter(key="test.new").exists()


def test_shipping_a_text_never_overwrites_one_mic_edited():
    text = MailText.objects.get(key="registry.edit_link")
    shipped_before = text.body
    text.body = "総務省が書き直した文面\nお心当たりがない場合は、総務省までご連絡ください。\n"
    text.save()

    shipped_texts_load(apps, {"registry.edit_link": (text.subject, "新しい既定の本文\n")})
    shipped_texts_load(apps, {"registry.edit_link": (text.subject, shipped_before)})  # reverse

    again = MailText.objects.get(key="registry.edit_link")
    assert again.body == text.body
    assert again.edited and again.shipped_body == shipped_before
    assert "{{ contact.office }}" in MailText.objects.get(key="registry.withdrawn").body


@pytest.mark.parametrize(
    ("key", "field", "subject", "body", "message"),
    [
        ("registry.receipt", "subject", "受付しました", None, "件名に受付番号"),
        ("talent.receipt", "subject", "受付しました", None, "件名に受付番号"),
        ("talent.erased", "subject", "消去しました", None, "{{ receipt_number }}"),
        (
            "matching.approach",
            "body",
            None,
            "ご相談です。",
            "本文に回答用リンク（{{ answer_url }}）",
        ),
        ("talent.reconfirmation", "body", None, "ご確認ください。", "{{ reconfirm_url }}"),
        ("talent.withdrawn", "body", None, "{% if %}", "テンプレートの書き方に誤りがあります"),
        ("talent.edit_link", "body", None, '{{ edit_url|cut:"http" }}', "そのまま書いてください"),
    ],
)
def test_the_admin_refuses_a_text_that_loses_what_its_mail_needs(
    key, field, subject, body, message
):
    text = MailText.objects.get(key=key)
    form = MailTextForm(
        {"subject": subject or text.subject, "body": body or text.body}, instance=text
    )

    assert not form.is_valid()
    assert any(message in error for error in form.errors[field]), form.errors


def test_mic_edits_every_apps_texts_in_one_list_and_restores_the_shipped_one(mic_client, entries):
    listing = mic_client.get(reverse("admin:portal_mailtext_changelist")).content.decode()
    assert "協力企業・団体：受付メール" in listing
    assert "協力可能人材：消去の完了" in listing
    assert "募集と打診：打診のメール" in listing

    url = reverse("admin:portal_mailtext_change", args=["talent.withdrawn"])
    text = MailText.objects.get(key="talent.withdrawn")
    page = mic_client.get(url).content.decode()
    assert entries["person"].receipt_number in page  # the preview, drawn with the newest entry
    mic_client.post(url, {"subject": text.subject, "body": text.body + "追記しました。\n"})
    assert MailText.objects.get(key="talent.withdrawn").edited

    mic_client.post(
        reverse("admin:portal_mailtext_changelist"),
        {"action": "shipped_restore", "_selected_action": ["talent.withdrawn"]},
    )
    assert not MailText.objects.get(key="talent.withdrawn").edited


def test_the_texts_keep_their_line_breaks_and_say_edited_in_words(mic_client, entries):
    # The content security policy allows no inline style: the line breaks come from a class.
    MailText.objects.filter(key="registry.receipt").update(body="変えた本文 {{ edit_url }}")
    listing = mic_client.get(reverse("admin:portal_mailtext_changelist")).content.decode()
    page = mic_client.get(
        reverse("admin:portal_mailtext_change", args=["registry.receipt"])
    ).content.decode()

    assert "style=" not in page.split('id="content"')[1]
    assert page.count('class="mail-text') == 2  # the shipped text and the preview
    assert "はい" in listing and "いいえ" in listing
    assert "icon-yes" not in listing and "icon-no" not in listing


def test_an_edited_text_is_what_the_next_mail_says():
    text = MailText.objects.get(key="talent.withdrawn")
    text.body = text.body.replace("取り下げました。", "取り下げました（文面を変えました）。")
    text.save()

    sent = specialist_mail_queue(specialist=make_specialist(), kind="withdrawn", deliver=False)

    assert "取り下げました（文面を変えました）。" in sent.body


def test_prefecture_staff_cannot_open_the_mail_texts(clients):
    url = reverse("admin:portal_mailtext_changelist")

    assert clients["prefecture_a"].get(url).status_code in (302, 403)


def test_a_batch_of_mails_reads_each_text_once(django_assert_num_queries):
    context = {"receipt_number": "KJ-2026-000001"}

    with django_assert_num_queries(1), mail_texts_held():
        for _ in range(3):
            mail_text_render(key="talent.erased", context=context)


def test_a_migration_that_ships_a_new_version_reverses_to_the_previous_one():
    before = MailText.objects.get(key="talent.returned")
    operation = shipped_texts_operation(
        {"talent.returned": ("新しい件名 {{ specialist.receipt_number }}", "新しい本文\n")},
        previous={"talent.returned": (before.subject, before.body)},
    )

    operation.code(apps, None)
    assert MailText.objects.get(key="talent.returned").body == "新しい本文\n"
    operation.reverse_code(apps, None)

    after = MailText.objects.get(key="talent.returned")
    assert (after.subject, after.body, after.edited) == (before.subject, before.body, False)


@pytest.mark.parametrize("key", sorted(mail_kinds()))
def test_every_shipped_text_keeps_to_its_placeholders_tags_and_filters(entries, key):
    text = MailText.objects.get(key=key)
    kind = mail_kinds()[key]

    assert mail_text_problems(kind=kind, subject=text.subject, body=text.body) == {}
    assert mail_text_render_problem(kind=kind, subject=text.subject, body=text.body) is None
    assert MailTextForm({"subject": text.subject, "body": text.body}, instance=text).is_valid()


@pytest.mark.parametrize(
    ("key", "body", "message"),
    [
        (
            "talent.withdrawn",
            "{% for c in specialist.status_changes.all %}{{ c.changed_by.password }}{% endfor %}",
            "本文に使えない差し込み（{{ specialist.status_changes.all }}）があります。",
        ),
        (
            "talent.withdrawn",
            "{% for c in specialist.status_changes.all %}{{ c.changed_by.password }}{% endfor %}",
            "本文に使えない差し込み（{{ c.changed_by.password }}）があります。",
        ),
        ("matching.approach", "{{ need.created_by.password }}", "{{ need.created_by.password }}"),
        (
            "matching.approach",
            "{% if need.created_by.password %}x{% endif %}",
            "{{ need.created_by.password }}",
        ),
        (
            "matching.approach",
            "{{ need.title|default:need.created_by.password }}",
            "{{ need.created_by.password }}",
        ),
        (
            "matching.approach",
            "{% for s in need.specialties.all %}{{ s.created_by }}{% endfor %}",
            "{{ s.created_by }}",
        ),
        (
            "registry.receipt",
            "{% for row in rows %}{{ row.entry.email }}{% endfor %}",
            "{{ row.entry.email }}",
        ),
        ("registry.receipt", "{{ registration }}", "{{ registration }}"),
        ("registry.receipt", "{{ forloop.counter }}", "{{ forloop.counter }}"),
        ("talent.receipt", '{% include "nope.html" %}', "本文に使えないタグ（{% include %}）"),
        ("talent.receipt", "{% load static %}", "本文に使えないタグ（{% load %}）"),
        ("talent.receipt", "{% now 'Y' %}", "本文に使えないタグ（{% now %}）"),
        ("talent.receipt", "{{ specialist.name|upper }}", "本文に使えないフィルター（|upper）"),
    ],
)
def test_the_admin_refuses_a_text_that_reaches_beyond_its_placeholders(key, body, message):
    text = MailText.objects.get(key=key)
    form = MailTextForm({"subject": text.subject, "body": text.body + body}, instance=text)

    assert not form.is_valid()
    assert any(message in error for error in form.errors["body"]), form.errors


def test_a_subject_is_held_to_the_same_placeholders():
    text = MailText.objects.get(key="talent.erased")
    form = MailTextForm(
        {"subject": text.subject + "{{ contact }}", "body": text.body}, instance=text
    )

    assert not form.is_valid()
    assert "件名に使えない差し込み（{{ contact }}）があります。" in form.errors["subject"][0]


def test_a_text_may_use_every_allowed_tag_filter_and_loop_field():
    text = MailText.objects.get(key="registry.receipt")
    body = (
        "{% comment %}メモ{% endcomment %}{{ link_days|default:'7'|yesno:'あり,なし' }}"
        "{% for row in rows %}{{ forloop.counter }}{{ row.lines|length }}"
        "{% for line in row.lines %}{{ line }}{% endfor %}{% empty %}なし{% endfor %}"
        "{% if changed %}a{% elif message %}b{% else %}c{% endif %}"
    )
    form = MailTextForm({"subject": text.subject, "body": text.body + body}, instance=text)

    assert form.is_valid(), form.errors


class _Failing:
    def __iter__(self):
        raise RuntimeError("壊れています")


def test_the_admin_refuses_a_text_that_fails_when_rendered(entries, monkeypatch):
    """A text that compiles but fails to render would fail every mail of its kind, some in the
    transaction of a registration: it is tried with the preview's values before it is saved."""
    kind = mail_kinds()["talent.receipt"]
    context = dict(kind.preview())
    context["rows"] = _Failing()
    monkeypatch.setitem(mail_kinds(), kind.key, replace(kind, preview=lambda: context))
    text = MailText.objects.get(key="talent.receipt")

    form = MailTextForm({"subject": text.subject, "body": text.body}, instance=text)

    assert not form.is_valid()
    assert "この文面ではメールを作れません" in form.errors["__all__"][0]


def test_a_text_is_tried_without_values_before_there_is_an_entry():
    kind = mail_kinds()["talent.receipt"]
    text = MailText.objects.get(key="talent.receipt")

    assert kind.preview() is None
    assert mail_text_render_problem(kind=kind, subject=text.subject, body=text.body) is None


def test_a_stored_text_that_fails_shows_a_message_in_the_preview_not_an_error(mic_client, entries):
    MailText.objects.filter(key="talent.withdrawn").update(body='{% include "nope.html" %}')

    page = mic_client.get(reverse("admin:portal_mailtext_change", args=["talent.withdrawn"]))

    assert page.status_code == 200
    assert "表示できません" in page.content.decode()


def test_the_admin_shows_each_allowed_placeholder_beside_the_text(mic_client):
    page = mic_client.get(reverse("admin:portal_mailtext_change", args=["registry.receipt"]))

    html = page.content.decode()
    assert "使える差し込み" in html
    assert "{{ registration.company_name }}" in html
    assert "{{ contact.office }}（お問い合わせ先の部署）" in html


def test_restoring_the_shipped_text_is_logged(mic_client, mic_user):
    MailText.objects.filter(key="talent.withdrawn").update(body="書き直しました。")

    mic_client.post(
        reverse("admin:portal_mailtext_changelist"),
        {"action": "shipped_restore", "_selected_action": ["talent.withdrawn"]},
    )

    assert not MailText.objects.get(key="talent.withdrawn").edited
    entry = LogEntry.objects.get(object_id="talent.withdrawn")
    assert entry.user == mic_user and entry.is_change()


def test_the_talent_preview_shows_the_newest_entry_still_in_the_pool():
    listed = make_specialist(status="listed")
    make_specialist(status="withdrawn")
    duplicate = make_specialist()
    Specialist.objects.filter(pk=duplicate.pk).update(status=Specialist.Status.DUPLICATE)

    for key in ("talent.receipt", "talent.erased"):
        context = mail_kinds()[key].preview()
        shown = context.get("specialist", None)
        receipt = shown.receipt_number if shown else context["receipt_number"]
        assert receipt == listed.receipt_number, key


def test_a_reminder_batch_reads_its_text_once():
    people = [make_specialist(status="listed", email=f"r{n}@example.jp") for n in range(3)]
    Specialist.objects.filter(pk__in=[p.pk for p in people]).update(
        last_confirmed_at=ROUND - timedelta(days=400)
    )
    specialist_reconfirmation_round_start(by=make_user("mic-remind"), now=ROUND)

    with CaptureQueriesContext(connection) as queries:
        reminded = RECONFIRMATION.reminders_send(now=ROUND + timedelta(days=14, hours=1))

    assert reminded == 3
    table = MailText._meta.db_table
    assert len([q for q in queries if table in q["sql"] and "SELECT" in q["sql"]]) == 1
