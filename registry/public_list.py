"""The public list (/companies/), rendered once per version, prefecture and page.

Rendering 50 rows with their prefectures costs tens of milliseconds, and the list changes only
when a registration is published, changed or leaves it. So the rendered HTML is kept in the
"pages" cache under the list's version (PublicListVersion, one row). The database increases it
in the transaction of every write to a registration that is or was 掲載, to the prefecture
answers of one, or to a prefecture (triggers, registry migration 0023), whoever wrote: a service,
the admin, a QuerySet.update(), an import or raw SQL. No code has to remember it: the first
request after the commit renders the new list, on every app server, whatever the cache backend.

A registration also leaves the list with no one acting, when its yearly reconfirmation deadline
passes (未確認). A rendering is therefore never used past the next deadline of a listed
registration.
"""

from datetime import datetime
from urllib.parse import urlencode

from django.core.cache import caches
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Min, Prefetch
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import timezone

from portal.models import Prefecture
from portal.page_cache import LONGEST, page_key

from .models import PublicListVersion, Registration
from .publication import published_columns

# (when the rendering stops being true at the latest, the list's HTML, the page number shown)
Rendering = tuple[datetime, str, int]
# A checked prefecture of the filter: (code, name).
PrefectureChoice = tuple[str, str]

PER_PAGE = 50
# Pages past this are rendered on every request, so that odd page numbers cannot fill the cache.
CACHED_PAGES = 100
VERSION_SQL = f"SELECT version FROM {PublicListVersion._meta.db_table} WHERE id = 1"


def public_list_version() -> int:
    """The list's version: it grows with every change to what the list shows (see above)."""
    # Read on every request for the list: one plain statement, without building a query.
    with connection.cursor() as cursor:
        cursor.execute(VERSION_SQL)
        row = cursor.fetchone()
    return row[0] if row else 0


def public_prefectures(*, version: int) -> list[PrefectureChoice]:
    """(code, name) of every prefecture in code order, for the filter, as of `version` of the
    list (a change to a prefecture increases it too)."""
    pages = caches["pages"]
    key = page_key("public-list", version, "prefectures")
    choices = pages.get(key)
    if choices is None:
        choices = list(Prefecture.objects.order_by("code").values_list("code", "name"))
        pages.set(key, choices, LONGEST.total_seconds())
    return choices


def _render(prefecture: PrefectureChoice | None, page_number: int | str | None) -> Rendering:
    """(when this rendering stops being true at the latest, the list's HTML, the page number
    shown: the last page when the one asked for is past the end)."""
    now = timezone.now()
    published = (
        Registration.objects.for_public()
        .in_public_order()
        .only(
            "company_name",
            "secondment",
            "retiree_outreach",
            "dispatch_nationwide",
            "dispatch_undecided",
            "website",
        )
        .prefetch_related(
            Prefetch("dispatch_prefectures", queryset=Prefecture.objects.order_by("code"))
        )
    )
    query = QueryDict(mutable=True)
    if prefecture:
        published = published.reaching(prefecture[0])
        query["prefecture"] = prefecture[0]
    page = Paginator(published, PER_PAGE).get_page(page_number)
    html = render_to_string(
        "registry/_company_list.html",
        {"page": page, "prefecture": prefecture, "columns": published_columns(), "query": query},
    )
    next_deadline = (
        Registration.objects.published()
        .filter(reconfirmation_deadline__gte=now)
        .aggregate(next=Min("reconfirmation_deadline"))["next"]
    )
    expires_at = now + LONGEST
    if next_deadline is not None:
        expires_at = min(expires_at, next_deadline)
    return expires_at, html, page.number


def _page_number(value: str | None) -> int | None:
    if value is None or value == "":
        return 1
    return int(value) if value.isdigit() and 0 < int(value) <= CACHED_PAGES else None


def public_list_html(
    *, prefecture: PrefectureChoice | None, page: str | None, version: int
) -> Rendering:
    """(when the list's HTML stops being true at the latest, the HTML, the page number shown) for
    `version` of the list (public_list_version(), read by the caller): `prefecture` is a checked
    (code, name) or None, `page` as requested."""
    number = _page_number(page)
    if number is None:
        return _render(prefecture, page)
    pages = caches["pages"]
    key = page_key("public-list", version, prefecture[0] if prefecture else "", number)
    cached = pages.get(key)
    # The expiry is checked here too: the cache's own clock need not be timezone.now()'s.
    if cached is not None and timezone.now() < cached[0]:
        return cached
    rendering = _render(prefecture, number)
    seconds = (rendering[0] - timezone.now()).total_seconds()
    if seconds > 0:
        pages.set(key, rendering, int(seconds) + 1)
    return rendering


def kept_query(*, prefecture: PrefectureChoice | None, page: str | None) -> str | None:
    """The one spelling of the query string under which this page of the list is kept whole, or
    None when it is rendered each time: a bounded number of pages, each under a single URL."""
    pairs = [("prefecture", prefecture[0])] if prefecture else []
    if page:  # neither None nor ""
        if _page_number(page) is None or str(int(page)) != page:
            return None
        pairs.append(("page", page))
    return urlencode(pairs)
