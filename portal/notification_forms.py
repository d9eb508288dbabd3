"""The form of the staff's mail settings page (portal.views.notification_settings)."""

from typing import Any

from django import forms

from .notifications import EventKind

UNKNOWN_FIELDS = (
    "この画面にない項目が送られました。何も変更していません。画面を開き直してください。"
)
OTHER_USER = "ほかの職員の設定は変えられません。何も変更していません。"
BAD_CHOICE = "「すぐに」「毎日のまとめ」「受け取らない」のどれかを選んでください。"
# What the browser sends besides the choices.
EXPECTED = {"csrfmiddlewaretoken"}


class NotificationSettingsForm(forms.Form):
    """One choice per kind of event the user's role receives. Always the signed-in user's own
    settings: a posted user id, or a kind that is not on the page, refuses the whole form."""

    def __init__(
        self, *args: Any, kinds: list[EventKind], current: dict[str, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        for kind in kinds:
            self.fields[kind.key] = forms.ChoiceField(
                label=kind.label,
                choices=kind.deliveries,
                initial=current[kind.key],
                widget=forms.RadioSelect,
                error_messages={"required": BAD_CHOICE, "invalid_choice": BAD_CHOICE},
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        posted = set(self.data) - EXPECTED
        if posted & {"user", "user_id", "user_pk"}:
            raise forms.ValidationError(OTHER_USER)
        if posted - set(self.fields):
            raise forms.ValidationError(UNKNOWN_FIELDS)
        return cleaned

    def deliveries(self) -> dict[str, str]:
        return {kind.key: self.cleaned_data[kind.key] for kind in self.kinds}
