import pytest

from registry.normalize import furigana, phone_digits


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("03-1234-5678", "0312345678"),
        ("０３－１２３４－５６７８", "0312345678"),
        ("090ー1234ー5678", "09012345678"),
        ("(03) 1234 5678", "0312345678"),
        ("+81-3-1234-5678", "0312345678"),
        ("0120-123-456", "0120123456"),
    ],
)
def test_phone_numbers_are_stored_as_digits(typed, stored):
    assert phone_digits(typed) == stored


@pytest.mark.parametrize(
    "typed", ["1234-5678", "03-1234-567", "090-1234-56789", "03-ABCD-5678", "内線123"]
)
def test_phone_numbers_that_are_not_japanese_numbers_are_refused(typed):
    assert phone_digits(typed) is None


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("そうむ たろう", "そうむ　たろう"),
        ("ソウム　タロウ", "そうむ　たろう"),
        ("ｿｳﾑ ﾀﾛｳ", "そうむ　たろう"),
        ("  さとう   けーこ ", "さとう　けーこ"),
    ],
)
def test_furigana_becomes_hiragana(typed, stored):
    assert furigana(typed) == stored


@pytest.mark.parametrize("typed", ["総務太郎", "Taro Soumu", "そうむ1"])
def test_furigana_with_other_scripts_is_refused(typed):
    assert furigana(typed) is None
