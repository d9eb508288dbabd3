import re

from django import forms

from portal.forms import (
    CodeAnswerField,
    EmailAnswerField,
    FuriganaField,
    PhoneAnswerField,
    PrefectureChoiceField,
    TextAnswerField,
    URLAnswerField,
)

from .choices import (
    DispatchScope,
    RetireeOutreach,
    Scheme,
    Secondment,
    SecondmentPeriod,
    WorkDays,
    WorkStyle,
)
from .publication import published_summary
from .questions import QUESTIONS, span
from .rules import SECONDMENT_FIELDS, answers_check

LONG_TEXT_MAX = 2000
# Radio buttons and checkboxes of a group are drawn one by one in the templates ({{ choice.tag }}),
# so their class is part of the widget; single inputs get theirs from the accessible_input tag.
CHOICE_ATTRS = {"class": "form-check-input"}

INVALID_CHOICE = "選択肢にない回答が送信されました。ページを読み込み直して、選択し直してください。"


class QuestionnaireForm(forms.Form):
    """The 16 questions and their rules: the one source for the public form, admin and import.

    Labels, help texts and question numbers come from registry.questions. The server decides
    which conditional answers apply, not the page: answers that do not apply are dropped in
    clean(), so what is stored is always a consistent set.
    """

    company_name = TextAnswerField(
        max_length=200, widget=forms.TextInput(attrs={"autocomplete": "organization"})
    )
    department = TextAnswerField(max_length=200)
    contact_name = TextAnswerField(
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name", "placeholder": "例：総務　太郎"}),
    )
    contact_name_kana = FuriganaField(
        max_length=100, widget=forms.TextInput(attrs={"placeholder": "例：そうむ　たろう"})
    )
    email = EmailAnswerField(
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "placeholder": "例：dx@example.co.jp"}
        ),
    )
    phone = PhoneAnswerField(required=False)
    secondment = forms.ChoiceField(
        choices=Secondment.choices, widget=forms.RadioSelect(attrs=CHOICE_ATTRS)
    )
    base_prefectures = PrefectureChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple(attrs=CHOICE_ATTRS)
    )
    dispatch_scope = forms.MultipleChoiceField(
        choices=DispatchScope.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHOICE_ATTRS),
    )
    dispatch_prefectures = PrefectureChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple(attrs=CHOICE_ATTRS)
    )
    work_styles = forms.MultipleChoiceField(
        choices=WorkStyle.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHOICE_ATTRS),
    )
    work_days = forms.MultipleChoiceField(
        choices=WorkDays.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHOICE_ATTRS),
    )
    periods = forms.MultipleChoiceField(
        choices=SecondmentPeriod.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHOICE_ATTRS),
    )
    retiree_outreach = forms.ChoiceField(
        choices=RetireeOutreach.choices,
        required=False,
        widget=forms.RadioSelect(attrs=CHOICE_ATTRS),
    )
    schemes = forms.MultipleChoiceField(
        choices=Scheme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHOICE_ATTRS),
    )
    scheme_other_text = TextAnswerField(max_length=200, required=False)
    scheme_support_record = TextAnswerField(
        max_length=LONG_TEXT_MAX, multiline=True, required=False
    )
    website = URLAnswerField()
    message = TextAnswerField(max_length=LONG_TEXT_MAX, multiline=True, required=False)

    REQUIRED_MESSAGES = {
        "company_name": "企業名・団体名を入力してください。",
        "department": "担当部署を入力してください。",
        "contact_name": "ご担当者様のお名前を入力してください。",
        "contact_name_kana": "ご担当者様のお名前のふりがなを入力してください。",
        "email": "メールアドレスを入力してください。",
        "secondment": "ご協力いただけるかどうかを選択してください。",
        "website": "実績紹介サイト・SNS等のURLを入力してください。",
        "privacy_consent": "個人情報の取扱いへの同意が必要です。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:
            for index, part in enumerate(question.parts):
                field = self.fields[part.field]
                field.label = question.label(part.field)
                field.help_text = part.help_text or (question.help_text if index == 0 else "")
                field.question = question
                field.question_number = question.number
                field.question_part = part.label
                # The confirm page's 変更 links lead back to each question's first part.
                field.question_anchor = f"q{question.number}" if index == 0 else ""
        for name, field in self.fields.items():
            if isinstance(field, forms.ChoiceField) and not isinstance(
                field, PrefectureChoiceField
            ):
                field.error_messages["invalid_choice"] = INVALID_CHOICE
            if name in self.REQUIRED_MESSAGES:
                field.error_messages["required"] = self.REQUIRED_MESSAGES[name]

    @property
    def secondment_span(self):
        """The span of questions (「問…～問…」) that only a company offering secondment answers."""
        return span(SECONDMENT_FIELDS[0], SECONDMENT_FIELDS[-1])

    def clean(self):
        data = super().clean()
        for name, message in answers_check(data, failed=self.errors):
            self.add_error(name, message)
        return data


class RegistrationForm(QuestionnaireForm):
    """The public form: the questionnaire, the consent, and a trap for bots."""

    published_summary = published_summary()  # what the consent covers, as the list publishes it

    # A trap for bots: hidden from people and from assistive technology (see _questions.html).
    homepage = forms.CharField(
        label="この欄は空のままにしてください",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    privacy_consent = forms.BooleanField(
        label=(
            f"「個人情報の取扱いについて」に同意し、{published_summary}を"
            "総務省ウェブサイトで公表することを了承します。"
        ),
    )

    def clean(self):
        if self.data.get("homepage"):
            raise forms.ValidationError(
                "送信できませんでした。ページを読み込み直してから、もう一度入力してください。"
            )
        return super().clean()

    def error_summary(self):
        """Each error in question order, naming its question and part, with the input's id."""
        items = [{"anchor": None, "message": message} for message in self.non_field_errors()]
        for name in self.fields:
            errors = self.errors.get(name)
            if not errors:
                continue
            bound = self[name]
            anchor = bound.auto_id
            # Radio buttons and checkbox groups have no element with the field's own id.
            if isinstance(bound.field.widget, forms.RadioSelect):
                anchor = f"{anchor}_0"
            items.extend(
                {"anchor": anchor, "message": f"{self.error_prefix(name)}{error}"}
                for error in errors
            )
        return items

    def error_prefix(self, name):
        field = self.fields[name]
        number = getattr(field, "question_number", None)
        if number is None:
            return ""
        return f"問{number} {field.question_part}：" if field.question_part else f"問{number} "


class RegistrationEditForm(RegistrationForm):
    """The form behind the edit link when the consent given earlier stands
    (portal.forms.privacy_consent_asked)."""

    privacy_consent = None  # type: ignore[assignment]  # Django's way to leave a field out


class EditLinkRequestForm(forms.Form):
    email = EmailAnswerField(
        label="登録したメールアドレス",
        error_messages={"required": "メールアドレスを入力してください。"},
    )
    receipt_number = CodeAnswerField(
        label="受付番号（分かる場合）",
        max_length=20,
        required=False,
        help_text="例：KR-2026-000123",
    )

    def clean_receipt_number(self):
        number = self.cleaned_data["receipt_number"].upper()
        if number and not re.fullmatch(r"KR-\d{4}-\d{6}", number):
            raise forms.ValidationError("受付番号は KR-2026-000123 の形で入力してください。")
        return number


class WithdrawForm(forms.Form):
    reason = TextAnswerField(
        label="取下げの理由（任意）",
        max_length=LONG_TEXT_MAX,
        multiline=True,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label="登録を取り下げ、公開一覧と都道府県への情報提供から外すことに同意します",
        error_messages={"required": "取り下げる場合は、確認のチェックを入れてください。"},
    )
