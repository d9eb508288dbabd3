"""Pure text normalisation for answers typed on Japanese keyboards and phones.

Every text answer goes through `text_normalize` before anything checks it (required, length,
format): NFKC can lengthen a value (㌀ is one character, アパート four), so a length checked
before normalising says nothing about what is stored.
"""

import re
import unicodedata

import phonenumbers

# Zero-width characters and bidirectional controls: invisible, yet they make two equal-looking
# names different and can reorder what a reader sees.
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# C0 and C1 control characters except LF, which stays only in multi-line answers.
_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029]")

# Dash-like characters people type in phone numbers with a Japanese IME.
_DASHES = "-‐‑‒–—―−ー－ｰ"
_PHONE_SEPARATORS = re.compile(rf"[\s{re.escape(_DASHES)}()（）]")

_KATAKANA = re.compile("[ァ-ヶ]")
_KATAKANA_ITERATION = str.maketrans({"ヽ": "ゝ", "ヾ": "ゞ"})
_FURIGANA = re.compile("[ぁ-ゖゝゞー・ ]+")
_LATIN = re.compile("[A-Za-z]")
_KANJI = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆]")


def text_normalize(value, *, multiline=False):
    """NFKC, LF line breaks, no invisible or control characters, trimmed.

    A single-line answer keeps any line break it had, so that the caller can refuse it with a
    message rather than silently joining two lines.
    """
    text = unicodedata.normalize("NFKC", value)
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROLS.sub("", text)
    return text.strip()


def nfkc(value):
    return text_normalize(value)


def phone_canonical(value):
    """A Japanese phone number as its national digits ('03-1234-5678' -> '0312345678').

    Returns None unless the phonenumbers library knows it as a valid number in Japan.
    """
    digits = _PHONE_SEPARATORS.sub("", text_normalize(value))
    if not re.fullmatch(r"\+?\d{1,15}", digits):
        return None
    try:
        number = phonenumbers.parse(digits, "JP")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 81 or not phonenumbers.is_valid_number(number):
        return None
    return f"0{number.national_number}"


def phone_display(stored):
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


def furigana(value):
    """Furigana as hiragana: katakana and half-width kana are converted, spaces made single.

    Hiragana, ー, ・, ゝ, ゞ and spaces are what Japanese names need (「じょん・すみす」).
    Returns None for anything else; `furigana_problem` says what is wrong.
    """
    text = text_normalize(value)
    text = _KATAKANA.sub(lambda match: chr(ord(match.group()) - 0x60), text)
    text = text.translate(_KATAKANA_ITERATION)
    text = re.sub(r"\s+", "　", text)
    return text if _FURIGANA.fullmatch(text.replace("　", " ")) else None


def furigana_problem(value):
    """Why `furigana` refused a value, in words for the person who typed it."""
    if _LATIN.search(value):
        return "ふりがなはローマ字ではなく、ひらがなで入力してください（カタカナも使えます）。"
    if _KANJI.search(value):
        return "ふりがなは漢字ではなく、ひらがなで入力してください（カタカナも使えます）。"
    return (
        "ふりがなは、ひらがな・カタカナと「ー」「・」で入力してください（数字や記号は使えません）。"
    )
