"""The review workspace's forms: the queue's filters and the decision on one entry."""

from typing import Any

from django import forms

from .forms import INVALID_PREFECTURE, NamedRequiredMessages, TextAnswerField
from .models import Prefecture
from .review import UNKNOWN_DECISION, ReviewKind


class QueueFilterForm(forms.Form):
    """One <select> of the 47 prefectures and a free-text name: what fits on a phone."""

    prefecture = forms.ModelChoiceField(
        queryset=Prefecture.objects.order_by("code"),
        required=False,
        empty_label="すべての都道府県",
        error_messages={"invalid_choice": INVALID_PREFECTURE},
    )
    name = TextAnswerField(label="名前で探す", required=False, max_length=100)

    def __init__(self, *args: Any, kind: ReviewKind, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["prefecture"].label = kind.prefecture_label


class DecisionForm(NamedRequiredMessages, forms.Form):
    """Which decision, the reason a 差戻し mails, and the version of the entry the page showed."""

    decision = forms.ChoiceField(label="判断", error_messages={"invalid_choice": UNKNOWN_DECISION})
    reason = TextAnswerField(
        label="差戻しの理由（メールで送ります）",
        multiline=True,
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    opened_version = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, kind: ReviewKind, entry: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        decision_field: Any = self.fields["decision"]  # a ChoiceField, declared above
        decision_field.choices = [
            (decision.value, decision.label(entry)) for decision in kind.decisions
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        decision = self.kind.decision(data.get("decision", ""))
        if decision is not None and decision.needs_reason and not data.get("reason"):
            self.add_error("reason", "差戻しの理由を入力してください。理由はメールで送られます。")
        return data
