import pytest

from portal.text import (
    furigana,
    furigana_problem,
    phone_canonical,
    phone_display,
    text_normalize,
)
from registry.duplicates import company_name_key


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("03-1234-5678", "0312345678"),
        ("０３－１２３４－５６７８", "0312345678"),
        ("090ー1234ー5678", "09012345678"),
        ("(03) 1234 5678", "0312345678"),
        ("+81-3-1234-5678", "0312345678"),
        ("0120-123-456", "0120123456"),
        ("011-221-2111", "0112212111"),
    ],
)
def test_phone_numbers_are_stored_as_national_digits(typed, stored):
    assert phone_canonical(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "1234-5678",
        "03-1234-567",
        "090-1234-567",
        "090-1234-56789",
        "03-ABCD-5678",
        "内線123",
        "+1-202-555-0123",
        "00-0000-0000",
    ],
)
def test_numbers_that_are_not_valid_in_japan_are_refused(typed):
    assert phone_canonical(typed) is None


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("0312345678", "03-1234-5678"),
        ("09012345678", "090-1234-5678"),
        ("0120123456", "0120-123-456"),
        ("0112212111", "011-221-2111"),
        ("", ""),
        ("12345", "12345"),
    ],
)
def test_phone_numbers_are_shown_in_the_national_format(stored, shown):
    assert phone_display(stored) == shown


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("そうむ たろう", "そうむ　たろう"),
        ("ソウム　タロウ", "そうむ　たろう"),
        ("ｿｳﾑ ﾀﾛｳ", "そうむ　たろう"),
        ("  さとう   けーこ ", "さとう　けーこ"),
        ("ジョン・スミス", "じょん・すみす"),
        ("ｼﾞｮﾝ･ｽﾐｽ", "じょん・すみす"),
        ("いすゞ", "いすゞ"),
        ("サヽキ", "さゝき"),
        ("ヴィクトル", "ゔぃくとる"),
    ],
)
def test_furigana_becomes_hiragana(typed, stored):
    assert furigana(typed) == stored


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("Taro Soumu", "ローマ字"),
        ("そうむ taro", "ローマ字"),
        ("総務太郎", "漢字"),
        ("そうむ1", "数字や記号"),
        ("そうむ!", "数字や記号"),
    ],
)
def test_furigana_with_other_scripts_is_refused_with_the_reason(typed, problem):
    assert furigana(typed) is None
    assert problem in furigana_problem(typed)


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("㌀", "アパート"),
        ("㍊", "ミリバール"),
        ("ﬃ", "ffi"),
        ("ＡＢＣ", "ABC"),
        ("ﾃｽﾄ", "テスト"),
        ("テ\u200bスト", "テスト"),
        ("\u202eテスト\u202c", "テスト"),
        ("\ufeff株式会社\u2060A\u200d", "株式会社A"),
        ("A\x00B\x1fC\x7fD\x85E", "ABCDE"),
        ("  前後の空白　", "前後の空白"),
        ("\u200b\u200c\u200d\u2060\ufeff", ""),
    ],
)
def test_text_is_nfkc_normalised_without_invisible_characters(typed, normalised):
    assert text_normalize(typed) == normalised


def test_line_breaks_become_lf_and_controls_other_than_lf_go():
    typed = "1行目\r\n2行目\r3行目\u20284行目\t！"

    assert text_normalize(typed, multiline=True) == "1行目\n2行目\n3行目\n4行目!"


def test_single_line_answers_keep_their_line_breaks_for_the_form_to_refuse():
    assert "\n" in text_normalize("株式会社\r\nA")


def test_the_duplicate_key_ignores_invisible_characters():
    assert company_name_key("テ\u200bスト株式会社") == company_name_key("テスト")
    assert company_name_key("ﾃｽﾄ") == company_name_key("テスト")
