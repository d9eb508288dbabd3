"""What Lighthouse measures and a unit test can hold: compressed pages, a description per public
page, and the trimmed Bootstrap (bench/lighthouse.py measures the rest)."""

import gzip
import re

import pytest

PUBLIC_PAGES = ["/", "/register/", "/companies/", "/talent/register/"]


def _description(html):
    return re.search(r'<meta name="description" content="([^"]+)">', html).group(1)


@pytest.mark.django_db
def test_pages_are_gzipped_for_browsers_that_accept_it(client):
    plain = client.get("/register/")
    compressed = client.get("/register/", HTTP_ACCEPT_ENCODING="gzip")

    assert compressed["Content-Encoding"] == "gzip"
    assert len(compressed.content) < len(plain.content) / 4
    html = gzip.decompress(compressed.content).decode()
    assert "確認画面へ進む" in html


@pytest.mark.django_db
def test_each_public_page_describes_itself_for_search_engines(client):
    descriptions = [_description(client.get(path).content.decode()) for path in PUBLIC_PAGES]

    assert len(set(descriptions)) == len(PUBLIC_PAGES)
    assert all(40 <= len(text) <= 120 for text in descriptions), descriptions


@pytest.mark.django_db
def test_pages_load_the_trimmed_bootstrap_only(client):
    html = client.get("/companies/").content.decode()

    assert "bootstrap.trimmed.min.css" in html
    assert "bootstrap.min.css" not in html
