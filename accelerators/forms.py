from django import forms
from django.utils import timezone

from portal.forms import (
    DateAnswerField,
    NamedRequiredMessages,
    TextAnswerField,
    normalised_formfield,
)
from portal.text import furigana
from registry.models import Registration

from .fiscal import fiscal_year_of, fiscal_years_offered, reiwa
from .models import ContractedStaffing, ExperienceEntry, IpaExam, IpaPass, Nomination
from .workflow import term_end_problem

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def name_kana_clean(value):
    """ふりがな as hiragana (katakana converted); the rule of the form and of the bulk load."""
    kana = furigana(value)
    if kana is None:
        raise forms.ValidationError("ふりがなはひらがなで入力してください。")
    return kana


class NominationForm(NamedRequiredMessages, forms.ModelForm):
    class Meta:
        formfield_callback = normalised_formfield
        model = Nomination
        fields = [
            "name",
            "name_kana",
            "employment_type",
            "seconded_from",
            "seconded_from_name",
            "start_date",
            "term_end",
            "annual_cost_yen",
            "main_duty_confirmed",
            "equivalence_justification",
        ]
        widgets = {
            "start_date": DATE_INPUT,
            "term_end": DATE_INPUT,
            "equivalence_justification": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "employment_type": (
                "都道府県が任用する職員だけを推薦できます。業務委託で確保した人材はアクセラレータ"
                "として推薦できません（要件は「都道府県が任用し…職員」です）。委託による人材確保は"
                "「委託による人材確保」のページに入力してください（地方交付税の見込みに計上されます）。"
            ),
            "seconded_from": (
                "人材プール協力企業・団体からの出向の場合に選んでください（総務省で確認済みで、"
                "出向に協力でき、貴都道府県に派遣できる登録だけが一覧にあります）。"
            ),
            "term_end": (
                "任期付職員は必須です（下書きは空欄のまま保存でき、推薦するときに必要です）。"
                "任期の定めがない場合（任期なし常勤職員）は空欄"
            ),
            "equivalence_justification": "(1)(2)を満たさない場合に、資格・経歴などから同等以上の知識を有することを記入してください。総務省が確認します。",
        }

    def __init__(self, *args, prefecture, **kwargs):
        super().__init__(*args, **kwargs)
        # What the prefecture may see is also all it may choose: the queryset validates the id.
        seconded_from = self.fields["seconded_from"]
        seconded_from.queryset = Registration.objects.for_prefecture_staff(prefecture).order_by(
            "company_name_key"
        )
        seconded_from.label_from_instance = lambda r: r.company_name
        seconded_from.error_messages["invalid_choice"] = (
            "選んだ出向元は、貴都道府県で選べる人材プール協力企業・団体の一覧にありません。"
            "一覧から選び直すか、一覧にない場合は名称を入力してください。"
        )
        self.fields["annual_cost_yen"].widget.attrs["inputmode"] = "numeric"

    def clean_name_kana(self):
        return name_kana_clean(self.cleaned_data["name_kana"])

    def clean(self):
        data = super().clean()
        if data.get("seconded_from") and data.get("seconded_from_name"):
            self.add_error(
                "seconded_from_name",
                "出向元は一覧から選ぶか名称を入力するか、どちらか一方にしてください。",
            )
        problem = term_end_problem(
            employment_type=data.get("employment_type"),
            start_date=data.get("start_date"),
            term_end=data.get("term_end"),
            draft=True,
        )
        if problem and "term_end" not in self.errors:
            self.add_error("term_end", problem)
        return data


class _RepeatBlockForm(NamedRequiredMessages, forms.ModelForm):
    """One optional repeat block (実務経験 n, 合格 n): no field in it is 必須, yet a block that
    is begun must be complete.

    A draft saves without any block, so marking the block's fields as required would label them
    必須 on the page. Django already skips an untouched extra form; clean() asks for the rest of
    a block only once something in it is filled in (or it was saved before).
    """

    needed: tuple[str, ...] = ()  # the fields a block in use must have

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.needed:
            self.fields[name].required = False

    def clean(self):
        data = super().clean()
        for name in self.needed:
            if data.get(name) in (None, "") and name not in self.errors:
                field = self.fields[name]
                verb = "選んで" if isinstance(field, forms.ChoiceField) else "入力して"
                self.add_error(name, f"{field.label}を{verb}ください。")
        return data


class ExperienceForm(_RepeatBlockForm):
    needed = ("organisation", "role", "kind", "started_on")

    class Meta:
        model = ExperienceEntry
        formfield_callback = normalised_formfield
        fields = ["organisation", "role", "kind", "started_on", "ended_on"]
        widgets = {"started_on": DATE_INPUT, "ended_on": DATE_INPUT}

    def clean(self):
        data = super().clean()
        start, end = data.get("started_on"), data.get("ended_on")
        today = timezone.localdate()
        if start and start > today:
            self.add_error("started_on", "開始日に将来の日付は入力できません。")
        if start and end and end < start:
            self.add_error("ended_on", "終了日は開始日より後の日付にしてください。")
        return data


class IpaPassForm(_RepeatBlockForm):
    needed = ("exam", "year")

    class Meta:
        model = IpaPass
        fields = ["exam", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exam"].queryset = IpaExam.objects.select_related("successor")
        self.fields["exam"].label_from_instance = lambda exam: exam.label
        self.fields["exam"].help_text = (
            "旧試験の合格は、合格した当時の試験名を選んでください。"
            "現行の試験と一部だけが同等の旧試験は要件(2)に当たらず、(3)の根拠として総務省が判断します。"
        )
        self.fields["year"].widget.attrs["inputmode"] = "numeric"

    def clean(self):
        data = super().clean()
        exam, year = data.get("exam"), data.get("year")
        if exam and year is not None:
            problem = exam.year_problem(year, this_year=timezone.localdate().year)
            if problem:
                self.add_error("year", problem)
        return data


ExperienceFormSet = forms.inlineformset_factory(
    Nomination, ExperienceEntry, form=ExperienceForm, extra=2, can_delete=True, max_num=30
)
IpaPassFormSet = forms.inlineformset_factory(
    Nomination, IpaPass, form=IpaPassForm, extra=1, can_delete=True, max_num=20
)


class TransitionForm(NamedRequiredMessages, forms.Form):
    """The details a move may need; which ones are required is decided by accelerators.workflow."""

    action = forms.CharField(
        widget=forms.HiddenInput,
        error_messages={"required": "操作が送信されませんでした。ページを読み込み直してください。"},
    )
    comment = TextAnswerField(
        label="理由・連絡事項",
        multiline=True,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    accept_equivalence = forms.BooleanField(
        label="(3) 同等以上の知識を有するとの説明を、総務省として認めます", required=False
    )
    appointment_date = DateAnswerField(label="任命日", required=False, widget=DATE_INPUT)
    end_date = DateAnswerField(label="退任日", required=False, widget=DATE_INPUT)
    end_reason = TextAnswerField(label="退任の理由", required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)


class TermEndForm(forms.Form):
    """The 任期の終了日 a prefecture completes on a 任期付職員 recorded without one."""

    term_end = DateAnswerField(
        label="任期の終了日",
        widget=DATE_INPUT,
        error_messages={"required": "任期の終了日を入力してください。"},
    )


class ContractedStaffingForm(NamedRequiredMessages, forms.ModelForm):
    """A prefecture's record of people secured through 業務委託 in one fiscal year."""

    fiscal_year = forms.TypedChoiceField(label="年度", coerce=int, choices=())

    class Meta:
        model = ContractedStaffing
        formfield_callback = normalised_formfield
        fields = ["fiscal_year", "persons", "annual_cost_yen", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "persons": "この委託で確保した人数（アクセラレータとして任命された人は含めません）",
            "annual_cost_yen": "その年度の委託費の総額（円）。特別交付税の見込み（委託費の0.7）の計算に使います。",
            "note": "委託先、業務の内容など",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        years = fiscal_years_offered(today)
        if self.initial.get("fiscal_year") is None:
            self.initial["fiscal_year"] = fiscal_year_of(today)
        if self.instance.fiscal_year and self.instance.fiscal_year not in years:
            years = sorted([*years, self.instance.fiscal_year])
        self.fields["fiscal_year"].choices = [
            (year, f"{reiwa(year)}（{year}年度）") for year in years
        ]
        for name in ("persons", "annual_cost_yen"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"
        self.fields["persons"].error_messages["min_value"] = "人数は1人以上で入力してください。"
        self.fields["annual_cost_yen"].error_messages["min_value"] = (
            "年間の委託費は0円以上の金額（半角数字）で入力してください。"
        )

    def clean_persons(self):
        persons = self.cleaned_data["persons"]
        if persons < 1:
            raise forms.ValidationError("人数は1人以上で入力してください。")
        return persons
