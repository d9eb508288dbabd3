"""One mechanism for every mail text (portal.mail_texts): each app's shipped texts are in the
database, render with their placeholders, are edited in one admin, and a data migration that
ships a text never overwrites one 総務省 edited."""

import copy

import pytest
from django.apps import apps
from django.template import Context, Variable
from django.urls import reverse

from matching.workflow import approaches_send
from portal.mail_text_admin import MailTextForm
from portal.mail_texts import (
    mail_kinds,
    mail_text_render,
    mail_texts_held,
    shipped_texts_load,
    shipped_texts_operation,
    shipped_texts_unload,
)
from portal.models import MailText
from talent.mail import specialist_mail_queue
from tests.factories import make_need, make_registration, make_specialist, reviewed

pytestmark = pytest.mark.django_db
MISSING = "‼未定義:%s‼"


@pytest.fixture
def entries():
    """One entry of every kind a mail is about: a company, a person, a 打診."""
    company = reviewed(make_registration(), publish=True)
    person = make_specialist(status="listed")
    need = make_need("13")
    approaches_send(need=need, by=need.created_by, registration_ids=[company.pk])
    return {"company": company, "person": person}


@pytest.fixture
def strict_templates(settings):
    """A placeholder the context lacks prints MISSING instead of nothing."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0].setdefault("OPTIONS", {})["string_if_invalid"] = MISSING
    settings.TEMPLATES = templates


def test_every_declared_text_is_shipped_and_every_shipped_text_declared():
    assert set(MailText.objects.values_list("key", flat=True)) == set(mail_kinds())
    assert {key.split(".")[0] for key in mail_kinds()} == {"registry", "talent", "matching"}


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
