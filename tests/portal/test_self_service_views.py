"""The public pages every app makes from its declaration (portal.views.self_service.EntryPages):
the form, its confirmation and 完了, the edit link's pages, and the request for new links. Each
test runs through both declarations that exist: registry's companies and talent's people."""

from dataclasses import dataclass, replace
from typing import Any

import pytest
from django.test import RequestFactory
from django.urls import reverse

from portal.links import link_token
from portal.views.self_service import closing_view
from registry.models import Registration
from registry.views.public import PAGES as COMPANY_PAGES
from registry.views.public import flow as registry_flow
from talent.models import Specialist
from talent.views.public import PAGES as PERSON_PAGES
from talent.views.public import flow as talent_flow
from tests.factories import (
    draft_of,
    make_registration,
    make_specialist,
    registration_post,
    talent_post,
)

pytestmark = pytest.mark.django_db

URLS = ["registry:edit-request", "talent:edit-request"]
SAME_DRAFT = "11111111-1111-1111-1111-111111111111"


@dataclass
class App:
    pages: Any
    post: Any  # (**changes) -> a valid POST of the new entry's form
    make: Any  # () -> a stored entry
    model: Any

    def url(self, page, *args):
        return reverse(self.pages.url_name(page), args=args)

    def token(self, entry):
        return link_token(self.pages.link, entry)


APPS = {
    "registry": App(COMPANY_PAGES, registration_post, make_registration, Registration),
    "talent": App(PERSON_PAGES, talent_post, make_specialist, Specialist),
}


@pytest.fixture(params=list(APPS))
def app(request):
    return APPS[request.param]


def _drafted(client, app):
    """Fill in the new entry's form: the draft token its confirmation page carries."""
    response = client.post(app.url("register"), app.post())
    assert response.status_code == 302
    return draft_of(response)


@pytest.mark.parametrize("view", [registry_flow.edit_request, talent_flow.edit_request])
def test_the_page_is_public(view):
    assert view.public is True


@pytest.mark.parametrize("name", URLS)
def test_no_cache_keeps_the_page_and_only_get_and_post_are_taken(client, name):
    url = reverse(name)

    assert "no-store" in client.get(url)["Cache-Control"]
    assert client.put(url).status_code == 405


def test_each_app_counts_its_own_requests(client):
    """Five requests for one address in the registry leave talent's requests for it untouched."""
    for _n in range(5):
        client.post(reverse("registry:edit-request"), {"email": "same@example.jp"})

    assert (
        client.post(reverse("registry:edit-request"), {"email": "same@example.jp"}).status_code
        == 429
    )
    assert (
        client.post(reverse("talent:edit-request"), {"email": "same@example.jp"}).status_code == 200
    )


def test_every_view_of_the_flow_is_public(app):
    flow = registry_flow if app is APPS["registry"] else talent_flow

    assert all(view.public is True for view in vars(flow).values())


def test_a_double_post_on_the_confirmation_stores_one_entry(client, app):
    draft = _drafted(client, app)

    first = client.post(app.url("confirm"), {"draft": draft})
    second = client.post(app.url("confirm"), {"draft": draft})

    assert first.status_code == second.status_code == 302
    assert first.url == second.url == f"{app.url('complete')}?draft={draft}"
    assert app.model.objects.count() == 1


def test_a_session_that_lost_its_draft_still_finds_the_stored_entry(client, app):
    """The second click arrives in a new session (the first's cookie never came back)."""
    from django.test import Client

    draft = _drafted(client, app)
    client.post(app.url("confirm"), {"draft": draft})
    other = Client()

    again = other.post(app.url("confirm"), {"draft": draft})

    assert again.status_code == 302 and again.url.startswith(app.url("complete"))
    assert other.get(again.url).status_code == 200
    assert app.model.objects.count() == 1


def test_an_expired_draft_says_the_answers_were_lost(client, app):
    lost = "一定時間が経過したため、入力内容が失われました。"

    form = client.get(app.url("register"), {"draft": SAME_DRAFT})
    confirm = client.post(app.url("confirm"), {"draft": SAME_DRAFT})

    assert form.status_code == confirm.status_code == 200
    assert lost in form.content.decode() and lost in confirm.content.decode()
    assert not app.model.objects.exists()


def test_a_finished_draft_opens_a_blank_form_without_the_expiry_message(client, app):
    draft = _drafted(client, app)
    client.post(app.url("confirm"), {"draft": draft})

    page = client.get(app.url("register"), {"draft": draft}).content.decode()

    assert "入力内容が失われました" not in page


def test_the_confirmation_without_a_draft_goes_back_to_the_form(client, app):
    response = client.get(app.url("confirm"))

    assert response.status_code == 302 and response.url == app.url("register")


def test_each_app_limits_its_own_stored_entries(client, app, settings):
    settings.REGISTRATIONS_PER_CLIENT_PER_HOUR = 1
    client.post(app.url("confirm"), {"draft": _drafted(client, app)})

    limited = client.post(app.url("confirm"), {"draft": _drafted(client, app)})
    other = next(other for other in APPS.values() if other is not app)
    elsewhere = client.post(other.url("confirm"), {"draft": _drafted(client, other)})

    assert limited.status_code == 429
    assert elsewhere.status_code == 302


def test_a_refused_link_answers_403_with_the_apps_page(client, app):
    token = app.token(app.make())

    for page in ["edit", "edit-confirm", *app.pages.closings]:
        response = client.get(app.url(page, token[:-2] + "xx"))

        assert response.status_code == 403
        assert app.pages.refused_template in [t.name for t in response.templates]
        assert "このリンクは正しくありません。" in response.content.decode()


def test_the_flow_pages_are_never_cached_and_take_only_get_head_and_post(client, app):
    token = app.token(app.make())
    pages = [app.url("register"), app.url("confirm"), app.url("edit", token)]
    pages += [app.url(name, token) for name in app.pages.closings]

    for url in pages:
        assert "no-store" in client.get(url, {"draft": SAME_DRAFT})["Cache-Control"], url
        assert client.head(url).status_code in (200, 302), url
        assert client.put(url).status_code == 405, url


def test_a_second_click_on_the_final_edit_button_finds_the_change_done(client, app):
    entry = app.make()
    version = entry.edit_link_version
    token = app.token(entry)
    page = client.get(app.url("edit", token)).content.decode()
    post = app.post()
    if 'name="opened"' in page:  # the app checks staff's changes: the page's mark goes along
        post["opened"] = page.split('name="opened" value="')[1].split('"')[0]
    draft = draft_of(client.post(app.url("edit", token), post))

    first = client.post(app.url("edit-confirm", token), {"draft": draft})
    second = client.post(app.url("edit-confirm", token), {"draft": draft})

    assert first.status_code == second.status_code == 302
    assert first.url == second.url == app.url("edit-complete")
    # One change, one new link: the second click changed nothing.
    assert app.model.objects.get(pk=entry.pk).edit_link_version == version + 1


def test_a_closing_hands_its_service_only_the_declared_answers(app):
    """The declaration's action gets the entry by its model's name, the link's version and the
    answers it names; the page after it is the declaration's."""
    entry = app.make()
    called = {}
    withdraw = replace(app.pages.closings["withdraw"], action=lambda **kw: called.update(kw))
    view = closing_view(app.pages, withdraw)
    request = RequestFactory().post("/", {"confirm": "on", "reason": " 事業の終了 "})

    response = view(request, token=app.token(entry))

    assert response.status_code == 200
    entry_field = app.model._meta.model_name
    expected = {entry_field: entry, "expected_version": entry.edit_link_version}
    if app is APPS["registry"]:
        expected["reason"] = "事業の終了"
    assert called == expected


def _draft_data(client, key, token):
    return client.session[key][token]["data"]


def test_a_draft_keeps_only_what_the_form_reads(client, app):
    # What else is posted (a script's extra fields) never reaches the session.
    post = {**app.post(), "unrelated": "x" * 1000, "csrfmiddlewaretoken": "t", "opened": "m"}
    token = draft_of(client.post(app.url("register"), post))

    data = _draft_data(client, app.pages.session("drafts"), token)

    assert "unrelated" not in data and "csrfmiddlewaretoken" not in data and "opened" not in data
    assert set(data) == set(app.post())  # every answer the form reads is kept
    # …and the draft still makes the same entry.
    client.post(app.url("confirm"), {"draft": token})
    assert app.model.objects.count() == 1


def test_a_draft_keeps_a_months_parts_and_the_blocks_rows(client):
    post = {**talent_post(), "start": "month", "start_month_year": "2027", "start_month_month": "4"}
    token = draft_of(client.post(reverse("talent:register"), post))

    data = _draft_data(client, PERSON_PAGES.session("drafts"), token)

    assert data["start_month_year"] == ["2027"] and data["start_month_month"] == ["4"]
    assert "start_month_other" not in _draft_data(
        client,
        PERSON_PAGES.session("drafts"),
        draft_of(client.post(reverse("talent:register"), {**post, "start_month_other": "x"})),
    )
    assert data["experiences-TOTAL_FORMS"] == ["3"]
    assert data["experiences-0-role"] == ["システムエンジニア"]


def test_an_edit_draft_saved_before_the_neutral_key_still_opens(client, app):
    # Drafts saved by the release before name their entry after its model ("registration").
    entry = app.make()
    token = app.token(entry)
    page = client.get(app.url("edit", token)).content.decode()
    post = app.post()
    if 'name="opened"' in page:
        post["opened"] = page.split('name="opened" value="')[1].split('"')[0]
    draft = draft_of(client.post(app.url("edit", token), post))
    key = app.pages.session("edit_drafts")
    session = client.session
    stored = session[key][draft]
    stored[app.pages.service.entry_field] = stored.pop("entry")
    session.save()

    response = client.get(app.url("edit-confirm", token), {"draft": draft})

    assert response.status_code == 200
    assert "入力内容が失われました" not in response.content.decode()
