"""The registration change form, and the history shown as people read the answers."""

from django import forms
from simple_history.template_utils import HistoricalRecordContextHelper

from portal.forms import CodeAnswerField, TextAnswerField

from .. import workflow
from ..answers import registration_form_initial
from ..forms import QuestionnaireForm
from ..models import Registration
from ..staff_edits import CHANGED_SINCE_OPENED, registration_opened_version


class RegistrationAdminForm(QuestionnaireForm, forms.ModelForm):
    """The questionnaire with its own rules, MIC's own fields, and the next review step.

    The answers are the public form's fields and clean(): an edit here obeys exactly the rules a
    company meets (declining secondment drops its conditions, so no prefecture sees it any more).
    The form only validates; the admin saves through registry.staff_edits.
    """

    company_name_kana = TextAnswerField(
        label=Registration._meta.get_field("company_name_kana").verbose_name,
        max_length=200,
        required=False,
        help_text=Registration._meta.get_field("company_name_kana").help_text,
    )
    next_status = forms.ChoiceField(label="状態を変更する", required=False)
    transition_comment = TextAnswerField(
        label="コメント（差戻しの場合は企業・団体へ送る連絡事項）",
        multiline=True,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    kept_receipt_number = CodeAnswerField(
        label="重複の場合：残す登録の受付番号", required=False, max_length=20
    )
    # When the page was opened: the registration's updated_at then. A save is refused if the
    # registration changed since (the company's own edit, another staff member's save).
    opened_version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Registration
        fields = ["company_name_kana", "changed_by_company"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Staff find their way by the numbers, as in the answers table and the history.
            if getattr(field, "question_number", None):
                field.label = f"問{field.question_number} {field.label}"
        if self.instance.pk:
            self.initial.update(registration_form_initial(self.instance))
            self.initial["opened_version"] = registration_opened_version(self.instance)
        status = self.instance.status if self.instance.pk else Registration.Status.RECEIVED
        self.fields["next_status"].choices = [("", "変更しない")] + [
            (target.value, target.label) for target in workflow.allowed_targets(status)
        ]

    def clean(self):
        data = super().clean()
        # Told here, with the staff member's input kept; the save checks again under a lock.
        if self.instance.pk and data.get("opened_version") != registration_opened_version(
            self.instance
        ):
            raise forms.ValidationError(CHANGED_SINCE_OPENED, code="stale")
        data["duplicate_of"] = None
        if data.get("next_status") == Registration.Status.DUPLICATE:
            number = (data.get("kept_receipt_number") or "").upper()
            data["duplicate_of"] = Registration.objects.filter(receipt_number=number).first()
            if data["duplicate_of"] is None:
                self.add_error("kept_receipt_number", "この受付番号の登録は見つかりません。")
                return data
        if data.get("next_status"):
            try:
                workflow.transition_check(
                    registration=self.instance,
                    to=data["next_status"],
                    comment=data.get("transition_comment", ""),
                    duplicate_of=data["duplicate_of"],
                )
            except workflow.TransitionError as error:
                self.add_error("next_status", str(error))
        return data


class ReadableHistory(HistoricalRecordContextHelper):
    """Show answers in the history as people read them: labels, はい/いいえ, prefecture names."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.many_to_many:
            # The history admin prefetches the rows' prefectures as objects.
            prefectures = [row[field.m2m_reverse_field_name()] for row in value]
            prefectures.sort(key=lambda prefecture: prefecture.code)
            return "、".join(prefecture.name for prefecture in prefectures) or "（なし）"
        if field.choices and value:
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, bool):
            return "はい" if value else "いいえ"
        return "（なし）" if value in ("", None) else value
