"""The 協力可能人材 form: the person, what they want, their experience and exams, consent.

One SpecialistForm plus two formsets (experience periods, IPA exam passes), validated together by
SpecialistSubmission; the same classes serve the public form, the edit link and the admin.
"""

from django import forms
from django.utils import timezone

from accelerators.models import IpaExam, Nomination
from accelerators.workflow import term_end_problem
from portal.dates import years_coming, years_past
from portal.forms import (
    DateAnswerField,
    EmailAnswerField,
    FuriganaField,
    MonthField,
    NamedRequiredMessages,
    PhoneAnswerField,
    PrefectureChoiceField,
    TextAnswerField,
    URLAnswerField,
)
from portal.models import Prefecture

from .choices import OrganisationType, Situation, WorkStyle
from .models import Specialty

SELF_PR_MAX = 2000
CHOICE_ATTRS = {"class": "form-check-input"}
EXPERIENCE_ROWS = 3
EXAM_ROWS = 2


class DesiredScope:
    ANYWHERE = "desires_anywhere"
    ON_REQUEST = "desires_on_request"
    CHOICES = [(ANYWHERE, "全国（どの都道府県でも）"), (ON_REQUEST, "相談に応じて")]


class SpecialistForm(forms.Form):
    name = TextAnswerField(
        label="氏名",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name", "placeholder": "例：総務　花子"}),
    )
    name_kana = FuriganaField(
        label="ふりがな",
        max_length=100,
        help_text="ひらがなで記入ください（カタカナはひらがなに直します。「ー」「・」も使えます）。",
        widget=forms.TextInput(attrs={"placeholder": "例：そうむ　はなこ"}),
    )
    email = EmailAnswerField(
        label="メールアドレス",
        help_text="受付番号と回答内容、変更用のリンクをこのアドレスにお送りします。",
    )
    phone = PhoneAnswerField(label="電話番号", required=False)
    residence = forms.ModelChoiceField(
        label="現在お住まいの都道府県",
        queryset=Prefecture.objects.order_by("code"),
        empty_label="選択してください",
    )
    desired_prefectures = PrefectureChoiceField(
        label="勤務を希望する都道府県（複数選択可）",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHOICE_ATTRS),
    )
    desired_scope = forms.MultipleChoiceField(
        label="都道府県を限らない場合",
        choices=DesiredScope.CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHOICE_ATTRS),
    )
    work_styles = forms.MultipleChoiceField(
        label="希望する勤務形態（複数選択可）",
        choices=WorkStyle.choices,
        widget=forms.CheckboxSelectMultiple(attrs=CHOICE_ATTRS),
    )
    start = forms.ChoiceField(
        label="勤務開始可能時期",
        choices=[("now", "すぐに"), ("month", "年月を指定する")],
        widget=forms.RadioSelect(attrs=CHOICE_ATTRS),
    )
    start_month = MonthField(
        label="勤務を始められる年月",
        years=years_coming,
        required=False,
        help_text="「年月を指定する」を選んだ場合に、年と月を選んでください。",
    )
    situation = forms.ChoiceField(
        label="現在の状況", choices=Situation.choices, widget=forms.RadioSelect(attrs=CHOICE_ATTRS)
    )
    specialties = forms.ModelMultipleChoiceField(
        label="得意分野（複数選択可）",
        queryset=Specialty.objects.all(),
        widget=forms.CheckboxSelectMultiple(attrs=CHOICE_ATTRS),
    )
    specialty_other_text = TextAnswerField(
        label="「その他」の内容",
        max_length=200,
        required=False,
        help_text="「その他」を選んだ場合に記入してください。",
    )
    self_pr = TextAnswerField(
        label="自己PR",
        max_length=SELF_PR_MAX,
        multiline=True,
        help_text="経歴、得意なこと、自治体の業務で生かせることなどを記入してください。",
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    url = URLAnswerField(
        label="経歴・実績がわかるURL",
        required=False,
        help_text="ポートフォリオ、SNS、職務経歴の公開ページなど（任意）。",
    )

    REQUIRED_MESSAGES = {
        "name": "氏名を入力してください。",
        "name_kana": "氏名のふりがなを入力してください。",
        "email": "メールアドレスを入力してください。",
        "residence": "現在お住まいの都道府県を選択してください。",
        "work_styles": "希望する勤務形態を1つ以上選択してください。",
        "start": "勤務開始可能時期を選択してください。",
        "situation": "現在の状況を選択してください。",
        "specialties": "得意分野を1つ以上選択してください。",
        "self_pr": "自己PRを入力してください。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in self.REQUIRED_MESSAGES:
                field.error_messages["required"] = self.REQUIRED_MESSAGES[name]
            if isinstance(field, forms.ChoiceField):
                field.error_messages["invalid_choice"] = (
                    "選択肢にない回答が送信されました。ページを読み込み直して、選択し直してください。"
                )
        self.fields["residence"].widget.attrs["autocomplete"] = "address-level1"

    def clean(self):
        data = super().clean()
        chose_nothing = not data.get("desired_prefectures") and not data.get("desired_scope")
        if chose_nothing and "desired_prefectures" not in self.errors:
            self.add_error(
                "desired_prefectures",
                "勤務を希望する都道府県を1つ以上選ぶか、「全国」または「相談に応じて」を選んでください。",
            )
        if DesiredScope.ANYWHERE in (data.get("desired_scope") or []):
            data["desired_prefectures"] = []
        if data.get("start") == "month":
            month = data.get("start_month")
            if month is None and "start_month" not in self.errors:
                self.add_error("start_month", "勤務を始められる年月を入力してください。")
            elif month is not None and month < timezone.localdate().replace(day=1):
                self.add_error(
                    "start_month",
                    "過去の年月は指定できません。すぐに勤務できる場合は「すぐに」を選んでください。",
                )
        else:
            data["start_month"] = None
        specialties = data.get("specialties") or []
        if any(specialty.takes_text for specialty in specialties):
            if not data.get("specialty_other_text") and "specialty_other_text" not in self.errors:
                self.add_error("specialty_other_text", "「その他」の内容を記入してください。")
        else:
            data["specialty_other_text"] = ""
        return data


SELECT = {"required": "選んでください。"}
ENTER = {"required": "入力してください。"}


class ExperienceForm(forms.Form):
    organisation_type = forms.ChoiceField(
        label="組織の種類",
        choices=[("", "選択してください"), *OrganisationType.choices],
        error_messages=SELECT,
    )
    role = TextAnswerField(label="役職・業務内容", max_length=200, error_messages=ENTER)
    started_on = MonthField(label="開始（年月）", years=years_past, error_messages=SELECT)
    ended_on = MonthField(
        label="終了（年月）",
        years=years_past,
        required=False,
        help_text="続いている場合は「選択」のまま",
    )
    user_side = forms.BooleanField(
        label="システムを使う側（ユーザー側）としてのDX（業務改革）の経験", required=False
    )

    def clean(self):
        data = super().clean()
        this_month = timezone.localdate().replace(day=1)
        start, end = data.get("started_on"), data.get("ended_on")
        if start and start > this_month:
            self.add_error("started_on", "開始に将来の年月は入力できません。")
        if end and end > this_month:
            self.add_error(
                "ended_on", "終了に将来の年月は入力できません。続いている場合は空欄にしてください。"
            )
        if start and end and end < start:
            self.add_error("ended_on", "終了は開始と同じか後の年月にしてください。")
        return data


class ExamPassForm(forms.Form):
    exam = forms.ModelChoiceField(
        label="試験",
        queryset=IpaExam.objects.select_related("successor"),
        empty_label="選択してください",
        error_messages={**SELECT, "invalid_choice": "選択肢にない試験です。選び直してください。"},
    )
    year = forms.IntegerField(
        label="合格年（西暦）",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={**ENTER, "invalid": "西暦の数字で入力してください。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exam"].label_from_instance = lambda exam: exam.label

    def clean(self):
        data = super().clean()
        exam, year = data.get("exam"), data.get("year")
        if exam and year is not None:
            problem = exam.year_problem(year, this_year=timezone.localdate().year)
            if problem:
                self.add_error("year", problem)
        return data


class _Rows(forms.BaseFormSet):
    """Repeatable blocks. Every block may be left blank (and is then no answer), wherever it
    stands: the page may show earlier answers in them (as initial values), so none of them is
    "initial" in the formset's sense."""

    def initial_form_count(self):
        return 0


ExperienceFormSet = forms.formset_factory(
    ExperienceForm, formset=_Rows, extra=EXPERIENCE_ROWS, max_num=20, validate_max=True
)
ExamPassFormSet = forms.formset_factory(
    ExamPassForm, formset=_Rows, extra=EXAM_ROWS, max_num=10, validate_max=True
)


class PublicSpecialistForm(SpecialistForm):
    """The public form: the answers, the consent, and a trap for bots."""

    homepage = forms.CharField(
        label="この欄は空のままにしてください",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    privacy_consent = forms.BooleanField(
        label="「協力可能人材の個人情報の取扱いについて」に同意します。",
        error_messages={"required": "個人情報の取扱いへの同意が必要です。"},
    )

    def clean(self):
        if self.data.get("homepage"):
            raise forms.ValidationError(
                "送信できませんでした。ページを読み込み直してから、もう一度入力してください。"
            )
        return super().clean()


class SpecialistEditForm(PublicSpecialistForm):
    """The form behind the personal link when the consent given earlier stands
    (portal.forms.privacy_consent_asked)."""

    privacy_consent = None  # type: ignore[assignment]  # Django's way to leave a field out


class SpecialistSubmission:
    """The form and its two formsets, bound to one set of posted data, validated together.

    Unbound, it shows `initial` answers (an edit, or a page redrawn to add blocks) with one
    blank block more than they fill, and at least the default number of blocks.
    """

    def __init__(self, data=None, *, initial=None, form_class=PublicSpecialistForm, rows=None):
        initial = initial or {}
        self.form = form_class(data, initial=initial.get("form"))
        self.experiences = ExperienceFormSet(
            data, prefix="experiences", initial=initial.get("experiences") or None
        )
        self.exams = ExamPassFormSet(data, prefix="exams", initial=initial.get("exams") or None)
        if data is None:
            for name, default in [("experiences", EXPERIENCE_ROWS), ("exams", EXAM_ROWS)]:
                formset = getattr(self, name)
                filled = len(formset.initial or [])
                formset.extra = (rows or {}).get(name) or max(default, filled + 1)

    @classmethod
    def with_more_rows(cls, data, *, block, form_class=PublicSpecialistForm):
        """The page redrawn from what was posted, with one more blank block of `block` (no JS)."""
        initial = initial_from_data(data, form_class)
        rows = {name: len(initial[name]) for name in ("experiences", "exams")}
        if block in rows:
            rows[block] += 1
        return cls(initial=initial, form_class=form_class, rows=rows)

    def is_valid(self):
        return all([self.form.is_valid(), self.experiences.is_valid(), self.exams.is_valid()])

    @property
    def errors_count(self):
        return (
            len(self.form.errors)
            + self.experiences.total_error_count()
            + self.exams.total_error_count()
        )

    def answers(self):
        """What was answered, in one dict (call after is_valid())."""
        return {
            **self.form.cleaned_data,
            "experiences": [row for row in self.experiences.cleaned_data if row],
            "exams": [row for row in self.exams.cleaned_data if row],
        }

    def error_summary(self):
        """Each error with the id of its input, in the order of the page."""
        items = [{"anchor": None, "message": error} for error in self.form.non_field_errors()]
        for name in self.form.fields:
            bound = self.form[name]
            anchor = bound.auto_id
            if isinstance(bound.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                anchor = f"{anchor}_0"
            items.extend(
                {"anchor": anchor, "message": f"{bound.label}：{error}"} for error in bound.errors
            )
        for heading, formset in [("実務経験", self.experiences), ("IPA高度試験の合格", self.exams)]:
            items.extend(
                {"anchor": None, "message": f"{heading}：{e}"} for e in formset.non_form_errors()
            )
            for number, form in enumerate(formset.forms, start=1):
                for name in form.fields:
                    bound = form[name]
                    items.extend(
                        {
                            "anchor": bound.auto_id,
                            "message": f"{heading}{number}の{bound.label}：{e}",
                        }
                        for e in bound.errors
                    )
        return items


def initial_from_data(data, form_class=PublicSpecialistForm):
    """Posted values as initial values (to redraw a page without validating it)."""

    def values(form, prefix=""):
        result = {}
        for name, field in form.base_fields.items():
            # The widget reads its own inputs (a list of boxes, a year and a month select).
            result[name] = field.widget.value_from_datadict(data, {}, f"{prefix}{name}")
        return result

    def rows(prefix, form):
        # The page posts the count; a tampered one (not a whole number) counts as none.
        total = str(data.get(f"{prefix}-TOTAL_FORMS") or "").strip()
        count = min(int(total), 20) if total.isdecimal() else 0
        return [values(form, f"{prefix}-{index}-") for index in range(count)]

    return {
        "form": values(form_class),
        "experiences": rows("experiences", ExperienceForm),
        "exams": rows("exams", ExamPassForm),
    }


class EditLinkRequestForm(forms.Form):
    email = EmailAnswerField(
        label="登録したメールアドレス",
        error_messages={"required": "メールアドレスを入力してください。"},
    )


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label="登録を取り下げ、都道府県への提供をやめることに同意します",
        error_messages={"required": "取り下げる場合は、確認のチェックを入れてください。"},
    )


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label="氏名・連絡先・経歴・自己PRなどの個人情報を消去することに同意します（元に戻せません）",
        error_messages={"required": "消去する場合は、確認のチェックを入れてください。"},
    )


class HireForm(NamedRequiredMessages, forms.Form):
    """What a nomination needs beyond the entry: how and from when the person is employed."""

    employment_type = forms.ChoiceField(label="任用形態", choices=())
    start_date = DateAnswerField(label="任用開始日")
    term_end = DateAnswerField(
        label="任期の終了日",
        required=False,
        help_text="任期付職員は必須です。任期の定めがない場合（任期なし常勤職員）は空欄",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employment_type"].choices = [
            ("", "選択してください"),
            *Nomination.EmploymentType.choices,
        ]

    def clean(self):
        data = super().clean()
        problem = term_end_problem(
            employment_type=data.get("employment_type"),
            start_date=data.get("start_date"),
            term_end=data.get("term_end"),
        )
        if problem and "term_end" not in self.errors:
            self.add_error("term_end", problem)
        return data
