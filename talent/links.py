"""The personal link with which a person edits, withdraws or erases their entry
(portal.links.edit_link)."""

from portal.links import edit_link

from .models import Specialist

CLOSED = Specialist.CLOSED_STATUSES

EDIT_LINK = edit_link(
    model=Specialist,
    lifetime_setting="TALENT_EDIT_LINK_DAYS",
    request_label="新しい変更用リンクを請求する",  # the link of talent/link_invalid.html
    closed_messages={
        Specialist.Status.WITHDRAWN: "この登録は取り下げられているため、開けません。",
        Specialist.Status.DUPLICATE: (
            "この登録は、同じ方の別の登録と重複していたため終了しています。"
            "もう一方の登録のメールにあるリンクをお使いください。"
        ),
        Specialist.Status.ERASED: "この登録の個人情報は消去済みのため、開けません。",
    },
)
