"""The questionnaire's rules across questions, as plain functions (each field checks itself:
portal.forms' e-mail, phone and URL fields normalise and validate their own value).

The form (registry.forms.QuestionnaireForm) and the import (registry.imports) both call these, so
each rule is written once: the form per submission, the import for thousands of rows with one set
of fields and no form instance per row.
"""

from collections.abc import Callable, Iterable
from typing import Any

from .choices import DispatchScope, RetireeOutreach, Scheme, Secondment, WorkStyle
from .questions import number

# Answers that only apply when Q6 is 登録を希望する; anything posted for them otherwise is dropped.
SECONDMENT_FIELDS = [
    "base_prefectures",
    "dispatch_scope",
    "dispatch_prefectures",
    "work_styles",
    "work_days",
    "periods",
]
WORK_DAYS_TRIGGERS = {WorkStyle.PART_TIME, WorkStyle.ON_REQUEST}

# (field, Japanese message): a rule's finding, attached by the form to that field.
FieldError = tuple[str, str]


def _nothing_offered() -> str:
    secondment, retiree = number("secondment"), number("retiree_outreach")
    return (
        f"問{secondment}で「{Secondment.NO.label}」を選んだ場合は、退職者への周知にご協力いただける"
        f"場合に限り登録できます。問{retiree}で「{RetireeOutreach.POSSIBLE.label}」を選ぶか、"
        f"問{secondment}で「登録を希望する」を選んでください。"
    )


def answers_check(data: dict[str, Any], *, failed: Iterable[str]) -> list[FieldError]:
    """The conditional rules across questions, applied to cleaned answers.

    Drops (in `data`) the answers that do not apply and returns [(field, message)] for what is
    missing or contradictory. `failed` names the fields whose own checks already failed.
    """
    failing = set(failed)
    errors: list[FieldError] = []

    def error(name: str, message: str) -> None:
        failing.add(name)
        errors.append((name, message))

    secondment = data.get("secondment")
    if secondment == Secondment.YES:
        _secondment_check(data, failing, error)
    else:
        for name in SECONDMENT_FIELDS:
            data[name] = []
    if (
        secondment == Secondment.NO
        and "retiree_outreach" not in failing
        and data.get("retiree_outreach") != RetireeOutreach.POSSIBLE
    ):
        error("retiree_outreach", _nothing_offered())
    if not WORK_DAYS_TRIGGERS & set(data.get("work_styles") or []):
        data["work_days"] = []
    schemes = set(data.get("schemes") or [])
    if Scheme.OTHER not in schemes:
        data["scheme_other_text"] = ""
    elif not data.get("scheme_other_text") and "scheme_other_text" not in failing:
        error("scheme_other_text", "「その他」を選択した場合は制度名を記入ください。")
    if not schemes:
        data["scheme_support_record"] = ""
    return errors


def _secondment_check(
    data: dict[str, Any], failed: set[str], error: Callable[[str, str], None]
) -> None:
    for name, message in [
        ("base_prefectures", "活動拠点のある都道府県を1つ以上選択してください。"),
        ("work_styles", "協力可能な勤務形態を1つ以上選択してください。"),
    ]:
        if name not in failed and not data.get(name):
            error(name, message)
    if "dispatch_scope" in failed or "dispatch_prefectures" in failed:
        return
    scope = set(data.get("dispatch_scope") or [])
    prefectures = data.get("dispatch_prefectures")
    if not scope and not prefectures:
        error(
            "dispatch_scope",
            "出向させることが可能な都道府県を1つ以上選択するか、"
            "「全国対応可能」または「未定・都道府県からの相談に応じて検討」を選択してください。",
        )
    elif DispatchScope.NATIONWIDE in scope and (prefectures or DispatchScope.UNDECIDED in scope):
        error(
            "dispatch_scope",
            "「全国対応可能」を選択した場合は、個別の都道府県や「未定」は選択できません。"
            "「全国対応可能」のみを選択するか、都道府県を個別に選択してください。",
        )
