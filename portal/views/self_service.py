"""The public pages of a self-registered entry, the same in every app: the form (入力 → 確認 →
完了), the personal link's pages (change, 確認, 完了, and the closing ones: 取下げ, 個人情報の消去),
the request for new edit links and the yearly reconfirmation's page. An app describes its pages in
one EntryPages, makes its views with `entry_views` and their URLs with `entry_urls`; it keeps its
forms and templates.

Every page that shows answers is never cached; the blank form is kept for visitors without a
session (portal.page_cache.shared_page). The answers between 入力 and 完了 live in the session
(portal.drafts), never in hidden fields.
"""

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType, SimpleNamespace
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import URLPattern, path, reverse
from django.utils.datastructures import MultiValueDict
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ..access import public
from ..drafts import draft_complete, draft_load, draft_result, draft_save, draft_token
from ..forms import privacy_consent_asked
from ..links import LinkError, PersonalLink, link_entry, link_url
from ..mail import DeliverAfterResponse
from ..page_cache import shared_page
from ..ratelimit import client_address, rate_limited
from ..reconfirmation import reconfirmation_view
from ..self_service import (
    ChangedByStaff,
    SelfService,
    edit_links_request,
    entry_by_submission_token,
    entry_create,
    entry_opened_mark,
    entry_update,
)
from ..text import text_key

View = Callable[..., HttpResponse]

# Requests for new edit links: per client address and per e-mail address, each hour.
LINK_REQUESTS_PER_CLIENT = {"limit": 20, "window_seconds": 3600}
LINK_REQUESTS_PER_ADDRESS = {"limit": 5, "window_seconds": 3600}


def posted_names(form_class: type[forms.Form] | type[forms.ModelForm]) -> tuple[str, ...]:
    """The names a form's fields are posted under: each field's, or its widget's parts
    (`start_month_year`, `start_month_month` of a YearMonthSelect)."""
    names: list[str] = []
    for name, field_ in form_class.base_fields.items():
        parts = getattr(field_.widget, "widgets_names", ())
        names += [f"{name}{part}" for part in parts] if parts else [name]
    return tuple(names)


def _bound(data: Any, form_class: type) -> Any:
    return form_class(data)


def _cleaned_data(form: Any) -> dict:
    return form.cleaned_data


def _nothing(*args: Any) -> dict:
    return {}


@dataclass(frozen=True)
class Closing:
    """A page of the link that closes the entry once the person ticks a confirmation (取下げ,
    個人情報の消去): `action(<entry_field>=entry, expected_version=, **passed answers)` is the
    app's service; `passed` names the form's answers it takes (a reason)."""

    form_class: type
    action: Callable[..., Any]
    template: str
    done_template: str  # shown, not redirected to: the link no longer opens anything
    passed: tuple[str, ...] = ()


@dataclass(frozen=True)
class EntryPages:
    """One app's public pages. The URL names (`<ns>:register`, `<ns>:confirm`, `<ns>:complete`,
    `<ns>:edit`, `<ns>:edit-confirm`, `<ns>:edit-complete`, `<ns>:edit-request` and one per
    closing) are in the namespace of the edit link's page, and so is the folder of the templates
    (register.html for both the new and the edit form, confirm.html, complete.html,
    edit_complete.html, edit_request.html, reconfirm.html, reconfirmed.html). A page names the
    entry after its model (`registration`)."""

    service: SelfService
    link: PersonalLink  # the edit link
    session_key: str  # the prefix of its keys in the session (`session()`)
    rate_scope: str  # the rate-limit counter of stored entries per client address
    form_class: type  # the new entry's form
    edit_form_class: type  # the edit form, without the consent (asked again only when due)
    # The stored answers as the edit form shows them: stored_form(entry, form_class).
    stored_form: Callable[[Any, type], Any]
    # What the confirmation page shows of the answers (their rows; hints).
    confirm_context: Callable[[dict], dict]
    # The stored answers as rows, for the yearly reconfirmation's page.
    stored_rows: Callable[[Any], list]
    refused_template: str  # why a link does not open (status 403)
    # The request for new links: its form (the e-mail address, perhaps the receipt number) and
    # the name of its rate-limit counters (edit_request_view).
    link_request_form: type
    link_request_scope: str
    # How the app's form is made from posted data (or a draft's), and what it answered.
    bind: Callable[[Any, type], Any] = _bound
    answers: Callable[[Any], dict] = _cleaned_data
    # The names a draft keeps of what was posted: fields, and the prefixes of blocks ("x-").
    draft_names: Callable[[type], tuple[str, ...]] = posted_names
    form_context_name: str = "form"
    # more_rows(posted, block=, form_class=): the page again with one more block of `block`, for
    # the form's "add_block" buttons (no JavaScript); None where the form has no blocks.
    more_rows: Callable[..., Any] | None = None
    complete_context: Callable[[Any], dict] = _nothing  # more for the 完了 page
    closings: Mapping[str, Closing] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def namespace(self) -> str:
        return self.link.url_name.split(":")[0]

    def url_name(self, page: str) -> str:
        return f"{self.namespace}:{page}"

    def template(self, page: str) -> str:
        return f"{self.namespace}/{page}.html"

    def session(self, name: str) -> str:
        """The session key of the app's `drafts`, `edit_drafts` or `edit_done`."""
        return f"{self.session_key}_{name}"

    @property
    def checks_conflicts(self) -> bool:
        """Whether a change is refused when staff changed the answers since the page opened."""
        return self.service.opened_answers is not None


def _flow_page(view: View) -> View:
    """A page of the form flow: it shows a person's answers, so no cache may keep it."""
    return public(never_cache(require_http_methods(["GET", "HEAD", "POST"])(view)))


def _draft_param(request: HttpRequest) -> str | None:
    return draft_token(request.POST.get("draft") or request.GET.get("draft"))


def _with_draft(url: str, token: str) -> str:
    return f"{url}?{urlencode({'draft': token})}"


def _posted(data: QueryDict, names: tuple[str, ...]) -> dict:
    """The posted answers as a draft keeps them (lists, as the form reads them back): only what
    the form reads — the names of posted_names, or anything under a block's prefix
    (`experiences-`) — so that a draft in the session holds nothing else that was posted."""
    exact = frozenset(names)
    blocks = tuple(name for name in names if name.endswith("-"))
    return {
        key: data.getlist(key)
        for key in data
        if key in exact or (blocks and key.startswith(blocks))
    }


def _refused(pages: EntryPages, request: HttpRequest, error: LinkError) -> HttpResponse:
    context = {"message": str(error), "renewable": error.renewable}
    return render(request, pages.refused_template, context, status=403)


def _edit_form_class(pages: EntryPages, entry: Any) -> type:
    """The consent is asked again only if the privacy notice changed since it was given."""
    asked = privacy_consent_asked(
        consented_version=entry.privacy_notice_version,
        current_version=pages.service.privacy_notice_version,
    )
    return pages.form_class if asked else pages.edit_form_class


def _page(
    pages: EntryPages,
    request: HttpRequest,
    page: str,
    form: Any,
    *,
    entry: Any = None,
    token: str | None = None,
    draft: str | None = None,
    **context: Any,
) -> HttpResponse:
    """A page of the new entry's form and its confirmation, or (given the `entry` that the link
    `token` opened) of the edit form and its confirmation."""
    if entry is None:
        form_url = reverse(pages.url_name("register"))
        confirm_url = reverse(pages.url_name("confirm"))
    else:
        form_url = reverse(pages.url_name("edit"), args=[token])
        confirm_url = reverse(pages.url_name("edit-confirm"), args=[token])
    context = {
        pages.form_context_name: form,
        "draft": draft,
        "editing": entry,
        "token": token,
        "form_action": form_url,
        "confirm_action": confirm_url,
        "fix_url": form_url,  # the confirmation page adds its draft
        **context,
    }
    return render(request, pages.template(page), context)


def _form_page(
    pages: EntryPages, request: HttpRequest, form: Any, *, blank: bool = False, **kwargs: Any
) -> HttpResponse:
    """The form; a `blank` one is built only if its cached HTML has expired (see the templates),
    and says that its answers were lost if `expired`."""
    kwargs.setdefault("expired", False)
    return _page(pages, request, "register", form, blank=blank, **kwargs)


def _confirm_page(
    pages: EntryPages, request: HttpRequest, form: Any, **kwargs: Any
) -> HttpResponse:
    answers = pages.confirm_context(pages.answers(form))
    return _page(pages, request, "confirm", form, **kwargs, **answers)


def _submitted(
    pages: EntryPages,
    request: HttpRequest,
    form_class: type,
    *,
    on_valid: Callable[[], HttpResponse],
    page: Callable[[Any], HttpResponse],
) -> HttpResponse:
    """The POST of a form page: one more block (no JavaScript), the errors, or on_valid()."""
    block = request.POST.get("add_block")
    if block and pages.more_rows is not None:
        return page(pages.more_rows(request.POST, block=block, form_class=form_class))
    form = pages.bind(request.POST, form_class)
    if not form.is_valid():
        return page(form)
    return on_valid()


def _new_entry_views(pages: EntryPages) -> dict[str, View]:
    drafts_key = pages.session("drafts")

    def blank_page(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        form = pages.bind(None, pages.form_class)
        return _form_page(pages, request, form, blank=True, **kwargs)

    @_flow_page
    def register(request: HttpRequest) -> HttpResponse:
        token = _draft_param(request)

        def page(form: Any) -> HttpResponse:
            return _form_page(pages, request, form, draft=token)

        if request.method == "POST":

            def on_valid() -> HttpResponse:
                data = _posted(request.POST, pages.draft_names(pages.form_class))
                saved = draft_save(request.session, drafts_key, data=data, token=token)
                return redirect(_with_draft(reverse(pages.url_name("confirm")), saved))

            return _submitted(pages, request, pages.form_class, on_valid=on_valid, page=page)
        draft = draft_load(request.session, drafts_key, token)
        if draft is None:
            if token is None:
                return shared_page(request, lambda extra: blank_page(request, **extra))
            finished = draft_result(request.session, drafts_key, token) is not None
            return blank_page(request, expired=not finished)
        return page(pages.bind(MultiValueDict(draft["data"]), pages.form_class))

    @_flow_page
    def confirm(request: HttpRequest) -> HttpResponse:
        token = _draft_param(request)
        draft = draft_load(request.session, drafts_key, token)
        if draft is None or token is None:  # (no token, no draft)
            finished = draft_result(request.session, drafts_key, token) is not None
            if token and request.method == "POST" and not finished:
                # The session is gone, but this token's entry may have been stored already.
                stored = entry_by_submission_token(service=pages.service, token=token)
                if stored is not None:
                    draft_complete(request.session, drafts_key, token, stored.pk)
            if token is not None and draft_result(request.session, drafts_key, token) is not None:
                return redirect(_with_draft(reverse(pages.url_name("complete")), token))
            if token is None and request.method != "POST":
                return redirect(pages.url_name("register"))
            return blank_page(request, expired=True)
        form = pages.bind(MultiValueDict(draft["data"]), pages.form_class)
        if not form.is_valid():
            return redirect(_with_draft(reverse(pages.url_name("register")), token))
        if request.method == "POST":
            if rate_limited(
                scope=pages.rate_scope,
                key=client_address(request),
                limit=settings.REGISTRATIONS_PER_CLIENT_PER_HOUR,
                window_seconds=3600,
            ):
                return render(request, "portal/too_many.html", status=429)
            entry = entry_create(
                service=pages.service,
                answers=pages.answers(form),
                submission_token=uuid.UUID(token),
            )
            draft_complete(request.session, drafts_key, token, entry.pk)
            return redirect(_with_draft(reverse(pages.url_name("complete")), token))
        return _confirm_page(pages, request, form, draft=token)

    @public
    @never_cache
    def complete(request: HttpRequest) -> HttpResponse:
        pk = draft_result(request.session, drafts_key, request.GET.get("draft"))
        if pk is None:
            return redirect(pages.url_name("register"))
        entry: Any = get_object_or_404(pages.service.model, pk=pk)
        context = {pages.service.entry_field: entry, **pages.complete_context(entry)}
        return render(request, pages.template("complete"), context)

    return {"register": register, "confirm": confirm, "complete": complete}


def _edit_views(pages: EntryPages) -> dict[str, View]:
    service = pages.service
    edit_drafts_key, done_key = pages.session("edit_drafts"), pages.session("edit_done")

    def edit_page(
        request: HttpRequest, token: str, entry: Any, form: Any = None, **kwargs: Any
    ) -> HttpResponse:
        """The edit form; without `form`, the stored answers. Where changes are checked against
        staff's, `opened` is the mark of the answers the page was first built from (a new one
        when it starts again from the stored answers)."""
        opened = kwargs.pop("opened", None)
        if pages.checks_conflicts:
            # Marked before the form is built: a change in between then shows as one.
            kwargs["opened"] = opened or entry_opened_mark(service=service, entry=entry)
        if form is None:
            form = pages.stored_form(entry, _edit_form_class(pages, entry))
        return _form_page(pages, request, form, entry=entry, token=token, **kwargs)

    def edit_draft(request: HttpRequest, entry: Any) -> tuple[str | None, dict | None]:
        param = _draft_param(request)
        draft = draft_load(request.session, edit_drafts_key, param)
        # A draft of another entry (another link opened in the same session) is not this one's.
        # Drafts saved before this release name the entry after its model ("registration").
        owner = draft and draft.get("entry", draft.get(service.entry_field))
        if draft is None or owner != entry.pk:
            return param, None
        return param, draft

    @_flow_page
    def edit(request: HttpRequest, token: str) -> HttpResponse:
        try:
            entry = link_entry(pages.link, token)
        except LinkError as error:
            return _refused(pages, request, error)
        param, draft = edit_draft(request, entry)
        form_class = _edit_form_class(pages, entry)
        if request.method == "POST":
            opened = request.POST.get("opened")

            def page(form: Any) -> HttpResponse:
                return edit_page(request, token, entry, form, draft=param, opened=opened)

            def on_valid() -> HttpResponse:
                conflicts = {"opened": opened or ""} if pages.checks_conflicts else {}
                saved = draft_save(
                    request.session,
                    edit_drafts_key,
                    data=_posted(request.POST, pages.draft_names(form_class)),
                    token=param if draft else None,
                    entry=entry.pk,
                    version=entry.edit_link_version,
                    **conflicts,
                )
                return redirect(
                    _with_draft(reverse(pages.url_name("edit-confirm"), args=[token]), saved)
                )

            return _submitted(pages, request, form_class, on_valid=on_valid, page=page)
        if draft is None:
            return edit_page(request, token, entry, expired=param is not None)
        form = pages.bind(MultiValueDict(draft["data"]), form_class)
        return edit_page(request, token, entry, form, draft=param, opened=draft.get("opened"))

    @_flow_page
    def edit_confirm(request: HttpRequest, token: str) -> HttpResponse:
        try:
            entry = link_entry(pages.link, token)
        except LinkError as error:
            # A second click on the final button arrives after the first has replaced the link.
            if error.entry_id and request.session.get(done_key) == error.entry_id:
                return redirect(pages.url_name("edit-complete"))
            return _refused(pages, request, error)
        param, draft = edit_draft(request, entry)
        if draft is None or param is None:  # (no param, no draft)
            if param is None and request.method != "POST":
                return redirect(pages.url_name("edit"), token=token)
            return edit_page(request, token, entry, expired=True)
        form = pages.bind(MultiValueDict(draft["data"]), _edit_form_class(pages, entry))
        if not form.is_valid():
            return redirect(_with_draft(reverse(pages.url_name("edit"), args=[token]), param))
        if request.method == "POST":
            try:
                entry_update(
                    service=service,
                    entry=entry,
                    answers=pages.answers(form),
                    version=draft["version"],
                    opened=draft.get("opened", "") if pages.checks_conflicts else None,
                )
            except LinkError as error:
                return _refused(pages, request, error)
            except ChangedByStaff:
                # Start again from the answers as they are now (read again: the lock was released).
                entry = service.model.objects.get(pk=entry.pk)
                return edit_page(request, token, entry, changed_by_staff=True)
            draft_complete(request.session, edit_drafts_key, param, entry.pk)
            request.session[done_key] = entry.pk
            return redirect(pages.url_name("edit-complete"))
        return _confirm_page(pages, request, form, draft=param, entry=entry, token=token)

    @public
    @never_cache
    def edit_complete(request: HttpRequest) -> HttpResponse:
        pk = request.session.get(done_key)
        if pk is None:
            return redirect(pages.url_name("edit-request"))
        entry: Any = get_object_or_404(service.model, pk=pk)
        context = {service.entry_field: entry}
        return render(request, pages.template("edit_complete"), context)

    return {"edit": edit, "edit_confirm": edit_confirm, "edit_complete": edit_complete}


def closing_view(pages: EntryPages, closing: Closing) -> View:
    """A closing page of the link (取下げ, 個人情報の消去), after a confirmation ticked."""

    @_flow_page
    def close(request: HttpRequest, token: str) -> HttpResponse:
        try:
            entry = link_entry(pages.link, token)
        except LinkError as error:
            return _refused(pages, request, error)
        form = closing.form_class(request.POST if request.method == "POST" else None)
        context = {pages.service.entry_field: entry, "form": form, "token": token}
        if request.method == "POST" and form.is_valid():
            receipt_number = entry.receipt_number  # an erased entry keeps it, but say it as it was
            try:
                closing.action(
                    **{pages.service.entry_field: entry},
                    expected_version=entry.edit_link_version,
                    **{name: form.cleaned_data[name] for name in closing.passed},
                )
            except LinkError as error:
                return _refused(pages, request, error)
            context["receipt_number"] = receipt_number
            return render(request, closing.done_template, context)
        return render(request, closing.template, context)

    return close


def _reconfirm_view(pages: EntryPages) -> View:
    """The page of a yearly reconfirmation link (portal.reconfirmation), with the stored answers
    and the way on to the edit form."""

    def page_context(entry: Any) -> dict:
        return {"rows": pages.stored_rows(entry), "edit_url": link_url(pages.link, entry)}

    templates = {
        "page": pages.template("reconfirm"),
        "done": pages.template("reconfirmed"),
        "invalid": pages.refused_template,
    }
    return reconfirmation_view(
        pages.service.reconfirmation, templates=templates, page_context=page_context
    )


def entry_views(pages: EntryPages) -> SimpleNamespace:
    """The app's views, by the names its urls.py gives them: register, confirm, complete, edit,
    edit_confirm, edit_complete, edit_request, reconfirm, and one per closing (withdraw, erase)."""
    closings = {name: closing_view(pages, closing) for name, closing in pages.closings.items()}
    edit_request = edit_request_view(
        service=pages.service,
        form_class=pages.link_request_form,
        template=pages.template("edit_request"),
        rate_scope=pages.link_request_scope,
    )
    return SimpleNamespace(
        **_new_entry_views(pages),
        **_edit_views(pages),
        edit_request=edit_request,
        reconfirm=_reconfirm_view(pages),
        **closings,
    )


def edit_request_view(
    *, service: SelfService, form_class: type, template: str, rate_scope: str
) -> Callable[[HttpRequest], HttpResponse]:
    """The page that mails fresh links for an address; the answer never tells whether the
    address is known. `form_class` asks for the e-mail address (and, if it has the field, the
    receipt number); `rate_scope` names the app's rate-limit counters (`<scope>-ip`,
    `<scope>-email`). No cache keeps the page: it shows what was typed."""

    @public
    @never_cache
    @require_http_methods(["GET", "HEAD", "POST"])
    def edit_request(request: HttpRequest) -> HttpResponse:
        form = form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            email = form.cleaned_data["email"]
            if rate_limited(
                scope=f"{rate_scope}-ip", key=client_address(request), **LINK_REQUESTS_PER_CLIENT
            ) or rate_limited(
                scope=f"{rate_scope}-email", key=text_key(email), **LINK_REQUESTS_PER_ADDRESS
            ):
                return render(request, template, {"form": form, "limited": True}, status=429)
            mails = edit_links_request(
                service=service,
                email=email,
                receipt_number=form.cleaned_data.get("receipt_number", ""),
            )
            page = render_to_string(template, {"form": form, "requested": True}, request=request)
            # Known or not, the reply is the same and leaves before any mail is sent.
            return DeliverAfterResponse(page, mails=mails)
        return render(request, template, {"form": form})

    return edit_request


def entry_urls(
    pages: EntryPages, views: SimpleNamespace, *, form: str, link: str, reconfirm: str
) -> list[URLPattern]:
    """The URLs of `views` (entry_views), by the names the views reverse: the new entry's form
    under `form`, the edit link's pages and the link request under `link`, the yearly
    reconfirmation's page under `reconfirm` (each a path ending in "/")."""
    closings = [
        path(f"{link}<str:token>/{name}/", getattr(views, name), name=name)
        for name in pages.closings
    ]
    return [
        path(form, views.register, name="register"),
        path(f"{form}confirm/", views.confirm, name="confirm"),
        path(f"{form}complete/", views.complete, name="complete"),
        path(link, views.edit_request, name="edit-request"),
        # Before the token's pages, whose token it would otherwise be.
        path(f"{link}complete/", views.edit_complete, name="edit-complete"),
        path(f"{link}<str:token>/", views.edit, name="edit"),
        path(f"{link}<str:token>/confirm/", views.edit_confirm, name="edit-confirm"),
        *closings,
        path(f"{reconfirm}<str:token>/", views.reconfirm, name="reconfirm"),
    ]
