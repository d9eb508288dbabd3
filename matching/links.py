"""The signed link in a 打診 mail, with which the recipient answers without an account."""

from django.conf import settings
from django.urls import reverse

from portal.links import LinkError, link_payload, link_token

from .models import Approach

SALT = "matching.approach"


def answer_url(approach):
    token = link_token(salt=SALT, pk=approach.pk, version=approach.link_version)
    return settings.SITE_URL.rstrip("/") + reverse("matching:answer", args=[token])


def approach_for_token(token):
    """The 打診 a link answers; LinkError when it is forged, expired, replaced (erased), or
    its recipient has withdrawn."""
    pk, version = link_payload(token, salt=SALT, max_age_days=settings.APPROACH_LINK_DAYS)
    approach = (
        Approach.objects.select_related("need__prefecture", "registration", "specialist")
        .filter(pk=pk)
        .first()
    )
    if approach is not None and approach.personal_data_erased_at:
        raise LinkError("この打診への返答の受付は終了しました。")
    if approach is None or approach.link_version != version:
        raise LinkError(
            "このリンクは使えません。メールに記載されたリンクをそのまま開いてください。"
        )
    if approach.recipient_closed:
        raise LinkError("この登録は取り下げられているため、このリンクは使えません。")
    return approach
