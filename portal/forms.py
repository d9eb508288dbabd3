"""Form fields every form on the site uses for what people type."""

from django import forms

from .models import Prefecture
from .text import furigana, furigana_problem, text_normalize

LINE_BREAK_REFUSED = "改行を含めずに1行で入力してください。"
TOO_LONG = "%(limit_value)d文字以内で入力してください（現在%(show_value)d文字です）。"
INVALID_PREFECTURE = (
    "選択肢にない都道府県が送信されました。ページを読み込み直して、選択し直してください。"
)


class TextAnswerField(forms.CharField):
    """A text answer, normalised before it is checked (see registry.normalize.text_normalize).

    Required and maximum length are checked on the normalised value, so what passes is what is
    stored; line breaks count as one character, as the browser's maxlength counts them.
    """

    def __init__(self, *, multiline=False, **kwargs):
        self.multiline = multiline
        kwargs["strip"] = False
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("max_length", TOO_LONG)
        if multiline:
            kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return self.empty_value
        value = text_normalize(value, multiline=self.multiline)
        if not self.multiline and "\n" in value:
            raise forms.ValidationError(LINE_BREAK_REFUSED, code="line_break")
        return value


class FuriganaField(TextAnswerField):
    """ふりがな as hiragana; katakana is converted, romaji and kanji are refused with the reason."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        kana = furigana(value)
        if kana is None:
            raise forms.ValidationError(furigana_problem(value), code="furigana")
        return kana


class PrefectureChoiceField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=Prefecture.objects.order_by("code"),
            error_messages={
                "invalid_choice": INVALID_PREFECTURE,
                "invalid_pk_value": INVALID_PREFECTURE,
            },
            **kwargs,
        )

    def label_from_instance(self, obj):
        return obj.name


def prefecture_groups(bound_field):
    """A prefecture field's checkboxes grouped by region, in JIS order (portal/_prefecture_regions)."""
    groups = {}
    for checkbox in bound_field:
        prefecture = checkbox.data["value"].instance
        groups.setdefault(prefecture.get_region_display(), []).append(checkbox)
    return [
        {"region": region, "slug": f"{bound_field.name}-{index}", "checkboxes": checkboxes}
        for index, (region, checkboxes) in enumerate(groups.items())
    ]
