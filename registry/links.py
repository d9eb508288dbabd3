"""The personal link with which a company edits or withdraws its registration, without an
account (portal.links.edit_link). It expires after settings.REGISTRATION_EDIT_LINK_DAYS, and stops
working as soon as a newer link is issued (the version is raised) or the registration is
withdrawn. Issuing and mailing links is in portal.self_service (declared in registry.company_edits)."""

from portal.links import edit_link

from .models import Registration

CLOSED = Registration.CLOSED_STATUSES

EDIT_LINK = edit_link(
    model=Registration,
    lifetime_setting="REGISTRATION_EDIT_LINK_DAYS",
    request_label="変更用リンクを請求する",  # the button of registry/edit_link_invalid.html
    closed_messages=dict.fromkeys(CLOSED, "この登録は取り下げられているため、変更できません。"),
)
