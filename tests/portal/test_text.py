import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.text import (
    furigana,
    furigana_problem,
    phone_canonical,
    phone_display,
    text_half_width,
    text_key,
    text_normalize,
)
from registry.duplicates import company_name_key, email_key
from talent.models import name_key


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
    "typed",
    [
        "株式会社デジタル協力（1名出向）",
        "札幌市（北海道庁）",
        "①②③",
        "9:00～17:00",
        "㈱テスト",
        "総務　太郎",
        "「協力」、よろしく。・＠！",
        "㌀",
        "ﬃ",
    ],
)
def test_japanese_text_is_stored_as_it_was_written(typed):
    assert text_normalize(typed) == typed


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("ＡＢＣ ０１２ ｘｙｚ", "ABC 012 xyz"),
        ("ﾃｽﾄ", "テスト"),
        ("ｶﾞｷﾞﾊﾟ", "ガギパ"),
        ("ｳﾞｧｲｵﾘﾝ", "ヴァイオリン"),
        ("カﾞ", "ガ"),
        ("｢ﾃｽﾄ｣､ｿｳﾑ･ﾀﾛｰ｡", "「テスト」、ソウム・タロー。"),
        ("テ\u200bスト", "テスト"),
        ("\u202eテスト\u202c", "テスト"),
        ("\ufeff株式会社\u2060A\u200d", "株式会社A"),
        ("A\x00B\x1fC\x7fD\x85E", "ABCDE"),
        ("  前後の空白　", "前後の空白"),
        ("\u200b\u200c\u200d\u2060\ufeff", ""),
    ],
)
def test_full_width_alphanumerics_half_width_kana_and_invisible_characters_are_normalised(
    typed, stored
):
    assert text_normalize(typed) == stored


def test_line_breaks_become_lf_and_controls_other_than_lf_go():
    typed = "1行目\r\n2行目\r3行目\u20284行目\t！"

    assert text_normalize(typed) == "1行目\n2行目\n3行目\n4行目！"


def test_single_line_answers_keep_their_line_breaks_for_the_form_to_refuse():
    assert "\n" in text_normalize("株式会社\r\nA")


def test_the_duplicate_key_ignores_invisible_characters():
    assert company_name_key("テ\u200bスト株式会社") == company_name_key("テスト")
    assert company_name_key("ﾃｽﾄ") == company_name_key("テスト")


def test_every_spelling_of_a_text_has_one_key():
    spellings = ["（株）テスト", "(株)テスト", "㈱テスト", "（株）ﾃｽﾄ", "(株)テスト\u200b"]

    assert {text_key(spelling) for spelling in spellings} == {"(株)テスト"}
    assert {company_name_key(spelling) for spelling in spellings} == {"テスト"}
    assert text_key("ＴＡＲＯ＠Example.JP") == email_key("taro@example.jp") == "taro@example.jp"
    assert text_key("総務　太郎", spaces=False) == name_key("総務 太郎") == "総務太郎"
    assert text_key("①～③") == text_key("1~3")


def _stored_before(typed):
    """What the text rule stored before it kept Japanese text as written: NFKC of everything."""
    text = unicodedata.normalize("NFKC", typed)
    text = re.sub("\r\n|[\r\u2028\u2029]", "\n", text)
    text = re.sub("[\u200b-\u200d\u2060\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)
    return re.sub("[\x00-\x09\x0b-\x1f\x7f-\x9f]", "", text).strip()


@given(
    st.text(
        alphabet=st.one_of(
            st.characters(),
            st.characters(min_codepoint=0x3000, max_codepoint=0x33FF),
            st.characters(min_codepoint=0xFF00, max_codepoint=0xFFEF),
        )
    )
)
def test_a_text_stored_now_or_before_has_the_key_of_what_was_typed(typed):
    """Existing rows are left as stored: their keys (made from NFKC) still find new rows."""
    assert text_key(text_normalize(typed)) == text_key(typed)
    assert text_key(_stored_before(typed)) == text_key(typed)
    assert text_key(typed) == _stored_before(typed).casefold()


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("①", "1"),
        ("２０２５／４／１", "2025/4/1"),
        ("ＤＸＡ－２０２５－０００１", "DXA-2025-0001"),
        ("３，６００，０００円", "3,600,000円"),
        ("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "taro@example.jp"),
    ],
)
def test_numbers_dates_codes_and_addresses_are_read_half_width(typed, read):
    assert text_half_width(typed) == read
