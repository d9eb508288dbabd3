"""The pages of self-service (portal.self_service) that are the same in every app: the request
for new edit links. An app names its declaration, form and template; the view is made here."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .access import public
from .mail import DeliverAfterResponse
from .ratelimit import client_address, rate_limited
from .self_service import SelfService, edit_links_request
from .text import text_key

# Requests for new edit links: per client address and per e-mail address, each hour.
LINK_REQUESTS_PER_CLIENT = {"limit": 20, "window_seconds": 3600}
LINK_REQUESTS_PER_ADDRESS = {"limit": 5, "window_seconds": 3600}


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
