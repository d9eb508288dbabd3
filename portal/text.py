"""Pure text rules for what people type on Japanese keyboards and phones: one place for each.

- `text_normalize` is what is stored: Japanese text stays as it was written (（）「」、。・～ ＠ ①
  ㈱ and the ideographic space), and only what an IME slips in is changed: full-width digits and
  Latin letters become ASCII, half-width katakana becomes full-width, invisible and control
  characters go, line breaks become LF. Every text answer goes through it before anything checks
  it (required, length, format), so the length checked is the length stored.
- `text_key` is what is compared (duplicates, look-ups, searches): NFKC and casefold, so that
  「（株）テスト」, 「(株)テスト」 and 「㈱テスト」 have one key whichever way each was stored.
- `text_half_width` is NFKC for what must be ASCII to be read: e-mail addresses, URLs, phone
  numbers, and the numbers, dates and codes read out of text (①→1, ２０２５／４/１→2025/4/1).

Nothing else in the project calls unicodedata.normalize (tests/test_architecture.py checks it).
"""

import re
import unicodedata

import phonenumbers

# Zero-width characters and bidirectional controls: invisible, yet they make two equal-looking
# names different and can reorder what a reader sees.
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# C0 and C1 control characters except LF, which stays only in multi-line answers. NUL among them:
# PostgreSQL cannot store it in text or JSON.
_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029]")

# Full-width ０-９, Ａ-Ｚ and ａ-ｚ: what a Japanese IME types for digits and letters, never meant.
_FULL_WIDTH_ALPHANUMERICS = str.maketrans(
    {
        full: chr(full - 0xFEE0)
        for start, end in [(0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)]
        for full in range(start, end + 1)
    }
)
# Half-width katakana and signs (｡｢｣､･ｰ), with the kana before a half-width voiced mark, so that
# ｶﾞ and カﾞ both become ガ; the kana themselves are the same after NFKC. Only NFKC's own
# replacements, so that what is stored has the key of what was typed.
_HALF_WIDTH_KANA = re.compile("[ぁ-ゖァ-ヺ]?[\uff61-\uff9f]+")

# Dash-like characters people type in phone numbers with a Japanese IME.
_DASHES = "-‐‑‒–—―−ー－ｰ"
_PHONE_SEPARATORS = re.compile(rf"[\s{re.escape(_DASHES)}()（）]")

_KATAKANA = re.compile("[ァ-ヶ]")
_KATAKANA_ITERATION = str.maketrans({"ヽ": "ゝ", "ヾ": "ゞ"})
_FURIGANA = re.compile("[ぁ-ゖゝゞー・ ]+")
_LATIN = re.compile("[A-Za-z]")
_KANJI = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆]")


def _cleaned(value: str) -> str:
    """LF line breaks, no invisible or control characters: what every rule here starts from."""
    text = _LINE_BREAKS.sub("\n", value)
    text = _INVISIBLE.sub("", text)
    return _CONTROLS.sub("", text)


def _full_width_kana(match: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", match.group())


def text_normalize(value: str) -> str:
    """A text answer as stored: as written, but for full-width ０-９Ａ-Ｚａ-ｚ (ASCII), half-width
    katakana (full-width), invisible and control characters (removed) and line breaks (LF); trimmed.

    A single-line answer keeps any line break it had, so that the caller can refuse it with a
    message rather than silently joining two lines.
    """
    text = _cleaned(value).translate(_FULL_WIDTH_ALPHANUMERICS)
    return _HALF_WIDTH_KANA.sub(_full_width_kana, text).strip()


def text_key(value: str, *, spaces: bool = True) -> str:
    """A text as compared: NFKC and casefolded, without invisible characters, trimmed; without any
    whitespace at all if not `spaces`. 「（株）テスト」, 「(株)テスト」 and 「㈱テスト」 are one key.

    Keys stored before the text rule kept Japanese text as written are the same: they were made
    from the NFKC form, and NFKC gives every spelling of a text that one form.
    """
    text = unicodedata.normalize("NFKC", _cleaned(value)).casefold()
    return text.strip() if spaces else "".join(text.split())


def text_half_width(value: str) -> str:
    """NFKC, without invisible characters, trimmed: for what is read as ASCII (e-mail addresses,
    URLs, phone numbers, and numbers, dates and codes in text: ①→1, ２０２５／４→2025/4)."""
    return unicodedata.normalize("NFKC", _cleaned(value)).strip()


def phone_canonical(value: str) -> str | None:
    """A Japanese phone number as its national digits ('03-1234-5678' -> '0312345678').

    Returns None unless the phonenumbers library knows it as a valid number in Japan.
    """
    digits = _PHONE_SEPARATORS.sub("", text_half_width(value))
    if not re.fullmatch(r"\+?\d{1,15}", digits):
        return None
    try:
        number = phonenumbers.parse(digits, "JP")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 81 or not phonenumbers.is_valid_number(number):
        return None
    return f"0{number.national_number}"


def phone_display(stored: str) -> str:
    """The stored digits in Japan's national format with hyphens: '0312345678' -> '03-1234-5678'."""
    if not stored:
        return ""
    try:
        number = phonenumbers.parse(stored, "JP")
    except phonenumbers.NumberParseException:
        return stored
    if not phonenumbers.is_valid_number(number):
        return stored
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def furigana(value: str) -> str | None:
    """Furigana as hiragana: katakana and half-width kana are converted, spaces made single.

    Hiragana, ー, ・, ゝ, ゞ and spaces are what Japanese names need (「じょん・すみす」).
    Returns None for anything else; `furigana_problem` says what is wrong.
    """
    text = text_normalize(value)
    text = _KATAKANA.sub(lambda match: chr(ord(match.group()) - 0x60), text)
    text = text.translate(_KATAKANA_ITERATION)
    text = re.sub(r"\s+", "　", text)
    return text if _FURIGANA.fullmatch(text.replace("　", " ")) else None


def furigana_problem(value: str) -> str:
    """Why `furigana` refused a value, in words for the person who typed it."""
    if _LATIN.search(value):
        return "ふりがなはローマ字ではなく、ひらがなで入力してください（カタカナも使えます）。"
    if _KANJI.search(value):
        return "ふりがなは漢字ではなく、ひらがなで入力してください（カタカナも使えます）。"
    return (
        "ふりがなは、ひらがな・カタカナと「ー」「・」で入力してください（数字や記号は使えません）。"
    )


def yes_no(value: object, *, yes: str = "はい", no: str = "いいえ") -> str:
    """A yes-or-no value in words for the admin.

    Django draws booleans as icons: "no" is a red ✖ that staff read as an error, and its alt
    text is the English "False".
    """
    return yes if value else no
