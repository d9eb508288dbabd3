"""Links in mails are made by one function, portal.mail.absolute_url, on SITE_URL."""

import ast
from pathlib import Path

import pytest
from django.urls import reverse

from portal.mail import absolute_url
from registry.mail import mail_values as registration_mail_values
from talent.mail import mail_values as specialist_mail_values
from tests.factories import make_registration, make_specialist

ROOT = Path(__file__).resolve().parents[2]
APPS = ["portal", "registry", "accelerators", "talent", "matching"]


@pytest.mark.parametrize("site", ["https://portal.example.go.jp", "https://portal.example.go.jp/"])
def test_absolute_url_puts_a_path_on_site_url_with_one_slash(settings, site):
    settings.SITE_URL = site

    assert absolute_url("/register/edit/") == "https://portal.example.go.jp/register/edit/"


@pytest.mark.django_db
def test_both_apps_mails_link_their_request_page_on_site_url(settings):
    settings.SITE_URL = "https://portal.example.go.jp/"

    company = registration_mail_values(registration=make_registration(), context={})
    person = specialist_mail_values(specialist=make_specialist(), context={})

    assert (
        company["request_url"] == f"https://portal.example.go.jp{reverse('registry:edit-request')}"
    )
    assert person["request_url"] == f"https://portal.example.go.jp{reverse('talent:edit-request')}"


def test_only_absolute_url_reads_site_url():
    readers = sorted(
        str(path.relative_to(ROOT))
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if any(
            isinstance(node, ast.Attribute) and node.attr == "SITE_URL"
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    )

    assert readers == ["portal/mail.py"]
