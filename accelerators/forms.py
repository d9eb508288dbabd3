from django import forms
from django.utils import timezone

from registry.models import Registration
from registry.normalize import furigana

from .models import ExperienceEntry, IpaExam, IpaPass, Nomination

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _style(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs["class"] = "form-check-input"
        elif isinstance(widget, forms.Select):
            widget.attrs["class"] = "form-select"
        else:
            widget.attrs["class"] = "form-control"


class NominationForm(forms.ModelForm):
    class Meta:
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
            "seconded_from": "人材プール協力企業・団体からの出向の場合に選んでください（総務省で確認済みの登録）。",
            "term_end": "任期の定めがない場合は空欄",
            "equivalence_justification": "(1)(2)を満たさない場合に、資格・経歴などから同等以上の知識を有することを記入してください。総務省が確認します。",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seconded_from"].queryset = Registration.objects.reviewed().order_by(
            "company_name_key"
        )
        self.fields["seconded_from"].label_from_instance = lambda r: r.company_name
        self.fields["annual_cost_yen"].widget.attrs["inputmode"] = "numeric"
        _style(self)

    def clean_name_kana(self):
        kana = furigana(self.cleaned_data["name_kana"])
        if kana is None:
            raise forms.ValidationError("ふりがなはひらがなで入力してください。")
        return kana

    def clean(self):
        data = super().clean()
        if data.get("seconded_from") and data.get("seconded_from_name"):
            self.add_error(
                "seconded_from_name",
                "出向元は一覧から選ぶか名称を入力するか、どちらか一方にしてください。",
            )
        start, end = data.get("start_date"), data.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", "任期の終了日は任用開始日より後の日付にしてください。")
        return data


class ExperienceForm(forms.ModelForm):
    class Meta:
        model = ExperienceEntry
        fields = ["organisation", "role", "kind", "started_on", "ended_on"]
        widgets = {"started_on": DATE_INPUT, "ended_on": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    def clean(self):
        data = super().clean()
        start, end = data.get("started_on"), data.get("ended_on")
        today = timezone.localdate()
        if start and start > today:
            self.add_error("started_on", "開始日に将来の日付は入力できません。")
        if start and end and end < start:
            self.add_error("ended_on", "終了日は開始日より後の日付にしてください。")
        return data


class IpaPassForm(forms.ModelForm):
    class Meta:
        model = IpaPass
        fields = ["exam", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exam"].queryset = IpaExam.objects.all()
        self.fields["exam"].label_from_instance = lambda exam: exam.label
        self.fields["year"].widget.attrs["inputmode"] = "numeric"
        _style(self)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 1969 <= year <= timezone.localdate().year:
            raise forms.ValidationError("合格年は1969年から今年までの西暦で入力してください。")
        return year


ExperienceFormSet = forms.inlineformset_factory(
    Nomination, ExperienceEntry, form=ExperienceForm, extra=2, can_delete=True, max_num=30
)
IpaPassFormSet = forms.inlineformset_factory(
    Nomination, IpaPass, form=IpaPassForm, extra=1, can_delete=True, max_num=20
)


class TransitionForm(forms.Form):
    """The details a move may need; which ones are required is decided by accelerators.workflow."""

    action = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label="理由・連絡事項", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    accept_equivalence = forms.BooleanField(
        label="(3) 同等以上の知識を有するとの説明を、総務省として認めます", required=False
    )
    appointment_date = forms.DateField(label="任命日", required=False, widget=DATE_INPUT)
    end_date = forms.DateField(label="退任日", required=False, widget=DATE_INPUT)
    end_reason = forms.CharField(label="退任の理由", required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
