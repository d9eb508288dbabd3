"""Staff never see a usable personal link: every stored mail they can read shows its edit,
reconfirmation and reply links as 「（個人用リンク）」."""

import re

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from matching.models import ApproachMail
from portal.links import PERSONAL_LINK_MASK, personal_link_misuse, personal_links_masked
from portal.mail_texts import mail_kinds
from portal.models import MailText
from portal.outbox import outbox_models
from registry.models import OutgoingMail
from tests.factories import edit_token as registration_token
from tests.factories import edit_token as talent_token
from tests.factories import (
    make_mail_entries,
    make_need,
    make_registration,
    make_specialist,
    reviewed,
)

pytestmark = pytest.mark.django_db
SITE = "http://127.0.0.1:8000"


def test_every_kind_of_personal_link_is_masked_and_other_links_stay():
    tokens = ["AbC123:xyz", "eyJyIjoxfQ:1v3:sig-nature_x"]
    personal = [
        f"{SITE}/reply/{tokens[0]}/",
        f"{SITE}/register/edit/{tokens[1]}/",
        f"{SITE}/register/reconfirm/{tokens[1]}/",
        f"{SITE}/talent/edit/{tokens[1]}/",
        f"{SITE}/talent/reconfirm/{tokens[0]}/",
    ]
    public = [f"{SITE}/register/edit/", f"{SITE}/privacy/", f"{SITE}/talent/edit/"]
    text = "\n".join(["ご案内", *personal, *public, "以上"])

    shown = personal_links_masked(text)

    assert not any(token in shown for token in tokens)
    assert shown.count(PERSONAL_LINK_MASK) == len(personal)
    assert all(link in shown for link in public)
    assert shown.startswith("ご案内\n") and shown.endswith("\n以上")


def _token_links(body):
    return re.findall(r"https?://\S+/(?:reply|edit|reconfirm)/[^/\s]+/", body)


def test_mic_reads_the_approach_mail_without_its_reply_link(clients, mic_client):
    specialist = make_specialist(status="listed", desired_prefectures=["01"])
    need = make_need("01")
    clients["prefecture_a"].post(
        reverse("matching:need-send", args=[need.pk]), {"specialists": [specialist.pk]}
    )
    mail = ApproachMail.objects.get()
    (link,) = _token_links(mail.body)

    page = mic_client.get(reverse("admin:matching_approachmail_change", args=[mail.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert link.rsplit("/", 2)[-2] not in html
    assert PERSONAL_LINK_MASK in html
    assert need.title in html


def test_mic_reads_a_company_mail_without_its_edit_link(mic_client):
    registration = reviewed(make_registration())
    mail = OutgoingMail.objects.filter(registration=registration).first()
    token = registration_token(registration)
    mail.body += f"\n{SITE}{reverse('registry:edit', args=[token])}\n"
    mail.save()

    html = mic_client.get(
        reverse("admin:registry_outgoingmail_change", args=[mail.pk])
    ).content.decode()

    assert token not in html and PERSONAL_LINK_MASK in html


def test_no_admin_shows_the_raw_body_of_any_outbox():
    """Every admin page for an outbox, or inline on another page, shows the masked body only."""
    request = RequestFactory().get("/")
    request.user = type("Superuser", (), {"is_superuser": True, "has_perm": lambda *a: True})()
    outboxes = set(outbox_models())
    seen = 0
    for model, model_admin in admin.site._registry.items():
        admins = [(model, model_admin)]
        admins += [(inline.model, inline) for inline in model_admin.get_inline_instances(request)]
        for shown_model, shown in admins:
            if shown_model in outboxes:
                seen += 1
                assert "body" not in shown.get_fields(request), shown

    assert seen >= 4  # registry's and matching's outbox admins, two inlines


def test_a_specialist_link_in_a_stored_body_is_masked_for_every_reader(mic_client):
    specialist = make_specialist()
    token = talent_token(specialist)
    body = f"変更はこちら\n{SITE}{reverse('talent:edit', args=[token])}\n"

    assert token not in personal_links_masked(body)


def test_the_mail_text_preview_shows_no_live_edit_link(mic_client):
    registration = make_registration()
    token = registration_token(registration)

    html = mic_client.get(
        reverse("admin:portal_mailtext_change", args=["registry.edit_link"])
    ).content.decode()

    assert registration.receipt_number in html  # the preview is drawn with it
    assert token not in html and PERSONAL_LINK_MASK in html


def test_a_token_spelled_out_without_its_address_is_masked_too():
    token = registration_token(make_registration())

    shown = personal_links_masked(f"127.0.0.1:8000/register/edit/{token}/ と {token}")

    assert token not in shown and shown.count(PERSONAL_LINK_MASK) == 2


@pytest.mark.parametrize(
    "body",
    [
        '{{ edit_url|cut:"http://" }}',
        '{{ edit_url|make_list|join:" " }}',
        "{% with link=edit_url %}{{ link }}{% endwith %}",
        "{{ reconfirm_url|slice:'7:' }}",
    ],
)
def test_mic_cannot_save_a_mail_text_that_reshapes_a_personal_link(mic_client, body):
    make_registration()
    template = MailText.objects.get(key="registry.withdrawn")
    url = reverse("admin:portal_mailtext_change", args=["registry.withdrawn"])

    page = mic_client.post(url, {"subject": template.subject, "body": f"{template.body}\n{body}"})

    assert page.status_code == 200
    assert "とそのまま書いてください" in page.content.decode()
    template.refresh_from_db()
    assert body not in template.body


def test_every_shipped_mail_text_writes_its_links_whole():
    from portal.mail_texts import mail_kinds

    for template in MailText.objects.all():
        names = mail_kinds()[template.key].personal_links
        for text in (template.subject, template.body):
            assert personal_link_misuse(text, names=names) is None, template.key


# A token as django.core.signing.dumps writes it (payload:timestamp:43-character signature).
SIGNED_TOKEN = re.compile(r"[A-Za-z0-9_-]+:[A-Za-z0-9]+:[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])")
WITH_PERSONAL_LINKS = sorted(key for key, kind in mail_kinds().items() if kind.personal_links)


@pytest.fixture
def entries():
    return make_mail_entries()


@pytest.mark.parametrize("key", WITH_PERSONAL_LINKS)
def test_no_mail_text_preview_shows_a_live_personal_link(mic_client, entries, key):
    """Every link a text may hold is written into it (a text 総務省 may save): the preview, drawn
    with the newest entries, shows each masked and no signed token at all."""
    names = mail_kinds()[key].personal_links
    text = MailText.objects.get(key=key)
    MailText.objects.filter(key=key).update(
        body=text.body + "".join(f"\n{{{{ {name} }}}}\n" for name in names)
    )

    html = mic_client.get(reverse("admin:portal_mailtext_change", args=[key])).content.decode()

    assert SIGNED_TOKEN.findall(html) == []
    assert registration_token(entries["company"]) not in html
    assert talent_token(entries["person"]) not in html
    assert html.count(PERSONAL_LINK_MASK) >= len(names)
