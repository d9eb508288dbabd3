"""What the consent says is published is exactly what the public list shows: one definition
(registry.questions.published_columns) for the list, the consent, the privacy notice and mail."""

import re

import pytest
from django.urls import reverse

from registry.forms import RegistrationForm
from registry.publication import published_columns, published_summary
from tests.factories import make_registration, reviewed

pytestmark = pytest.mark.django_db


def _text(html):
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


def test_the_public_list_has_exactly_the_published_columns(client):
    reviewed(make_registration(), publish=True)

    html = client.get(reverse("registry:companies")).content.decode()
    headings = re.findall(r'<th scope="col">(.*?)</th>', html)

    assert headings == [heading for _, heading in published_columns()]


def test_the_consent_names_every_published_column(client):
    label = RegistrationForm.base_fields["privacy_consent"].label
    form_page = _text(client.get(reverse("registry:register")).content.decode())
    privacy = _text(client.get(reverse("registry:privacy")).content.decode())

    for _, heading in published_columns():
        assert heading in label
        assert heading in form_page
        assert heading in privacy
    assert "出向可能地域" in label and "実績紹介サイトのURL" in label


def test_the_receipt_mail_names_what_will_be_published(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.factories import submit_registration

    submit_registration(client, django_capture_on_commit_callbacks)

    assert published_summary() in "".join(mailoutbox[0].body.split())
