from django import forms

from accelerators.models import Nomination
from portal.dates import years_coming
from portal.forms import DateAnswerField, MonthField, NamedRequiredMessages, TextAnswerField
from portal.models import Prefecture

from .choices import DeclineReason, NeedWorkStyle, Outcome, Response
from .models import DEPARTMENT_UNSET, Need
from .workflow import OUTCOME_MOVES, follow_up_refusal

CHOICE_ATTRS = {"class": "form-check-input"}


class NeedForm(NamedRequiredMessages, forms.ModelForm):
    title = TextAnswerField(label="募集の名称", max_length=100)
    duties = TextAnswerField(
        label="業務内容", max_length=2000, multiline=True, widget=forms.Textarea(attrs={"rows": 5})
    )
    work_styles = forms.MultipleChoiceField(
        label="勤務形態",
        choices=NeedWorkStyle.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "勤務形態を1つ以上選んでください。"},
    )
    workplace = TextAnswerField(
        label="勤務地",
        max_length=200,
        required=False,
        help_text="空欄なら都道府県庁。市町村に勤務する場合は市町村名などを記入してください。",
    )
    start_month = MonthField(label="開始時期（年月）", years=years_coming)
    department = TextAnswerField(
        label="担当部署",
        max_length=100,
        help_text="例：総合政策部 デジタル推進課。打診のメールは「都道府県名 担当部署より」で始まります。",
        error_messages={"required": "担当部署を入力してください。"},
    )
    contact = TextAnswerField(
        label="応募・問合せ先",
        max_length=1000,
        multiline=True,
        help_text="部署、担当者、電話番号、メールアドレスなど。打診のメールに載ります。",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Need
        fields = [
            "title",
            "duties",
            "specialties",
            "work_styles",
            "workplace",
            "period",
            "headcount",
            "start_month",
            "department",
            "contact",
        ]
        widgets = {"specialties": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["work_styles"] = [
                style.value for style in NeedWorkStyle if getattr(self.instance, style.value)
            ]
        self.fields["headcount"].min_value = 1
        self.fields["headcount"].widget.attrs.update({"min": 1, "inputmode": "numeric"})

    def clean_department(self):
        # A need stored before departments were asked holds the placeholder: it must be
        # replaced by the real department when the need is next saved.
        department = self.cleaned_data["department"]
        if department == DEPARTMENT_UNSET:
            raise forms.ValidationError("担当部署を入力してください。")
        return department

    def clean_headcount(self):
        headcount = self.cleaned_data["headcount"]
        if headcount < 1:
            raise forms.ValidationError("人数は1人以上にしてください。")
        return headcount

    def clean(self):
        data = super().clean()
        # One question on the form, three flags on the need: set before the model's constraints
        # are checked (ModelForm checks them on the instance after clean()).
        styles = set(data.get("work_styles") or [])
        for style in NeedWorkStyle:
            setattr(self.instance, style.value, style.value in styles)
        return data


class NeedFilterForm(forms.Form):
    """The need list's filters (?prefecture=, ?status=). The prefecture is asked of 総務省 only:
    a prefecture's staff see their own needs, so for them the field does not exist and a
    prefecture in the address is never read."""

    prefecture = forms.ModelChoiceField(
        label="都道府県",
        queryset=Prefecture.objects.order_by("code"),
        required=False,
        empty_label="すべて",
        error_messages={"invalid_choice": "指定された都道府県はありません。"},
    )
    status = forms.ChoiceField(
        label="状態",
        choices=[("", "すべて"), *Need.Status.choices],
        required=False,
        error_messages={"invalid_choice": "指定された状態はありません。"},
    )

    def __init__(self, data: dict[str, str], *, all_prefectures: bool) -> None:
        super().__init__(data)
        if not all_prefectures:
            del self.fields["prefecture"]

    def filters(self) -> dict[str, object]:
        """The valid filters as queryset lookups; a value that is not one of the choices is
        left out (the list stays unfiltered by it, and the page says so)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


class AnswerForm(forms.Form):
    response = forms.ChoiceField(
        label="この募集へのご関心",
        choices=Response.choices,
        widget=forms.RadioSelect(attrs=CHOICE_ATTRS),
        error_messages={"required": "「関心あり」か「今回は見送り」を選んでください。"},
    )
    message = TextAnswerField(
        label="都道府県へのメッセージ（任意）",
        max_length=1000,
        multiline=True,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class OutcomeForm(NamedRequiredMessages, forms.Form):
    outcome = forms.ChoiceField(label="進み具合", choices=())
    decline_reason = forms.ChoiceField(
        label="見送りの理由",
        choices=[("", "選択してください"), *DeclineReason.choices],
        required=False,
    )
    decline_note = TextAnswerField(
        label="見送りの理由（詳しく）", max_length=1000, multiline=True, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    seconded_count = forms.IntegerField(
        label="出向を受ける人数（企業・団体の場合）", min_value=1, required=False
    )
    nominations = forms.ModelMultipleChoiceField(
        label="関係するアクセラレータの推薦（任意）",
        queryset=Nomination.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, approach, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [
            (target.value, target.label)
            for target in Outcome
            if target in OUTCOME_MOVES[Outcome(approach.outcome)]
        ]
        # The prefecture's own nominations only: the queryset validates what is posted.
        self.fields["nominations"].queryset = Nomination.objects.for_prefecture(
            approach.need.prefecture
        ).order_by("name_kana")
        if approach.specialist_id:
            del self.fields["seconded_count"]
            del self.fields["nominations"]


class FollowUpForm(forms.Form):
    follow_up_on = DateAnswerField(
        label="次の確認日",
        help_text="この日を過ぎても任用決定・見送りが記録されていないと、職員のホームに表示されます。",
        error_messages={"required": "次の確認日を入力してください。"},
    )

    def __init__(self, *args, approach, **kwargs):
        super().__init__(*args, **kwargs)
        self.approach = approach
        self.initial.setdefault("follow_up_on", approach.follow_up_on)

    def clean_follow_up_on(self):
        on = self.cleaned_data["follow_up_on"]
        refusal = follow_up_refusal(approach=self.approach, on=on)
        if refusal:
            raise forms.ValidationError(refusal)
        return on
