"""The 16 answers in one shape for the confirmation page, the receipt mail and the admin.

"Answers" are a dict shaped like RegistrationForm.cleaned_data: text answers as strings,
multi-choice answers as lists of option values, prefecture answers as lists of Prefecture.
"""

from portal.text import phone_display

from .models import (
    DispatchScope,
    Registration,
    Scheme,
    SecondmentPeriod,
    WorkDays,
    WorkStyle,
)

FLAG_ANSWERS = {
    "dispatch_scope": DispatchScope,
    "work_styles": WorkStyle,
    "work_days": WorkDays,
    "periods": SecondmentPeriod,
    "schemes": Scheme,
}
TEXT_ANSWERS = [
    "company_name",
    "department",
    "contact_name",
    "contact_name_kana",
    "email",
    "phone",
    "secondment",
    "retiree_outreach",
    "scheme_other_text",
    "scheme_support_record",
    "website",
    "message",
]
PREFECTURE_ANSWERS = ["base_prefectures", "dispatch_prefectures"]

QUESTIONS = {
    1: "企業名・団体名",
    2: "担当部署",
    3: "ご担当者様のお名前（ふりがな）",
    4: "メールアドレス",
    5: "電話番号",
    6: "職員の都道府県出向による自治体DX支援へのご協力",
    7: "活動拠点のある都道府県",
    8: "職員を出向させることが可能な都道府県",
    9: "協力可能な勤務形態",
    10: "非常勤職員として勤務する場合の勤務可能日数",
    11: "職員出向が可能な期間",
    12: "退職者への本事業の周知へのご協力",
    13: "既に活用・登録されている官公庁のアドバイザー制度・職員派遣制度",
    14: "上記制度における自治体の支援実績",
    15: "自治体向けの活動内容を示す実績紹介サイト・SNS等",
    16: "備考欄／自治体向けのメッセージ",
}
UNANSWERED = "（回答なし）"
# (value, label) of each multi-choice question's options, looked up once: exports read thousands.
_OPTIONS = {
    options: [(option.value, option.label) for option in options]
    for options in FLAG_ANSWERS.values()
}


def registration_answers(registration, prefectures=None):
    """A stored registration's answers.

    `prefectures` may give {"base_prefectures": [...], "dispatch_prefectures": [...]} when the
    caller has loaded them already; otherwise the two relations are read (prefetch them for lists).
    """
    answers = {name: getattr(registration, name) for name in TEXT_ANSWERS}
    for name, options in FLAG_ANSWERS.items():
        answers[name] = [value for value, _ in _OPTIONS[options] if getattr(registration, value)]
    for name in PREFECTURE_ANSWERS:
        answers[name] = (
            prefectures[name]
            if prefectures is not None
            else list(getattr(registration, name).all())
        )
    return answers


def registration_form_initial(registration):
    """A stored registration as the questionnaire's initial values (the admin and edit forms)."""
    initial = registration_answers(registration)
    initial["phone"] = phone_display(registration.phone)
    for name in PREFECTURE_ANSWERS:
        initial[name] = [prefecture.pk for prefecture in initial[name]]
    return initial


def _labels(options, values):
    chosen = set(values)
    return [label for value, label in _OPTIONS[options] if value in chosen]


def _names(prefectures):
    return [prefecture.name for prefecture in sorted(prefectures, key=lambda p: p.code)]


def answer_rows(answers):
    """(number, question, lines) for each question, in form order; lines is a list of strings."""
    schemes = _labels(Scheme, answers["schemes"])
    if Scheme.OTHER in answers["schemes"]:
        schemes[-1] = f"その他（{answers['scheme_other_text']}）"
    secondment = answers["secondment"]
    retiree = answers["retiree_outreach"]
    values = {
        1: [answers["company_name"]],
        2: [answers["department"]],
        3: [f"{answers['contact_name']}（{answers['contact_name_kana']}）"],
        4: [answers["email"]],
        5: [phone_display(answers["phone"])],
        6: [Registration.Secondment(secondment).label] if secondment else [],
        7: _names(answers["base_prefectures"]),
        8: _labels(DispatchScope, answers["dispatch_scope"])
        + _names(answers["dispatch_prefectures"]),
        9: _labels(WorkStyle, answers["work_styles"]),
        10: _labels(WorkDays, answers["work_days"]),
        11: _labels(SecondmentPeriod, answers["periods"]),
        12: [Registration.RetireeOutreach(retiree).label] if retiree else [],
        13: schemes,
        14: [answers["scheme_support_record"]],
        15: [answers["website"]],
        16: [answers["message"]],
    }
    rows = []
    for number, question in QUESTIONS.items():
        lines = [line for line in values[number] if line]
        rows.append({"number": number, "question": question, "lines": lines or [UNANSWERED]})
    return rows
