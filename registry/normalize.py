"""Pure text normalisation for answers typed on Japanese keyboards and phones."""

import re
import unicodedata

# Dash-like characters people type in phone numbers with a Japanese IME.
_DASHES = "-‐‑‒–—―−ー－ｰ"
_PHONE_SEPARATORS = re.compile(rf"[\s{re.escape(_DASHES)}()（）]")
_KATAKANA = re.compile("[ァ-ヶ]")
_FURIGANA = re.compile(r"[ぁ-ゖー 　]+")


def nfkc(value):
    return unicodedata.normalize("NFKC", value).strip()


def phone_digits(value):
    """A Japanese phone number as its digits only ('03-1234-5678' -> '0312345678').

    Returns None when what remains is not a domestic number of 10 or 11 digits.
    """
    digits = _PHONE_SEPARATORS.sub("", nfkc(value))
    if digits.startswith("+81"):
        digits = "0" + digits[3:]
    if re.fullmatch(r"0\d{9,10}", digits):
        return digits
    return None


def furigana(value):
    """Furigana as hiragana: half-width and katakana input is converted, spaces are single."""
    text = unicodedata.normalize("NFKC", value).strip()
    text = _KATAKANA.sub(lambda match: chr(ord(match.group()) - 0x60), text)
    text = re.sub(r"[ 　]+", "　", text)
    return text if _FURIGANA.fullmatch(text) else None
