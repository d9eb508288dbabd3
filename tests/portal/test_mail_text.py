"""Every mail suits LGWAN: plain text, each URL whole on its own line, short lines, the contact
point at the end, and the receipt number in the subject."""

import re

import pytest
from django.core import mail
from hypothesis import given
from hypothesis import strategies as st

from matching.workflow import approaches_send
from portal.mail import (
    MAIL_WIDTH,
    NO_LINE_END,
    NO_LINE_START,
    _break_cost,
    _columns,
    _pieces,
    mail_body,
    mail_text,
)
from portal.models import MailText
from registry.mail import mail_render
from registry.models import OutgoingMail
from talent.mail import erased_mail_queue, specialist_mail_queue
from talent.models import SpecialistMail
from tests.factories import make_need, make_registration, make_specialist, reviewed

URL = re.compile(r"https?://\S+")
CONTACT = {
    "office": "総務省 テスト窓口室",
    "email": "madoguchi@example.go.jp",
    "phone": "03-0000-1111",
    "hours": "平日 10:00～17:00",
}


def _approx_columns(line):
    return sum(2 if ord(char) > 0x2000 else 1 for char in line)


def assert_suits_lgwan(subject, body, receipt_number):
    assert receipt_number in subject
    assert not re.search(r"<(a|br|p|div)\b", body)  # plain text, no markup
    for line in body.splitlines():
        urls = URL.findall(line)
        if urls:
            assert line == urls[0], f"a URL shares its line: {line!r}"
        else:
            assert _approx_columns(line) <= MAIL_WIDTH, f"too long: {line!r}"
    for part in CONTACT.values():
        assert part in body


def test_a_url_in_a_sentence_gets_a_line_of_its_own():
    text = mail_text("期限が切れた場合は、https://example.jp/register/edit/ から請求できます。")

    assert text.splitlines() == [
        "期限が切れた場合は、",
        "https://example.jp/register/edit/",
        "から請求できます。",
    ]


def test_long_lines_wrap_without_breaking_words_urls_or_starting_with_punctuation():
    japanese = "あ" * 38 + "い、う"
    english = "word " * 30
    url = "https://example.jp/" + "x" * 120

    lines = mail_text("\n".join([japanese, "  " + english, url])).splitlines()

    assert "".join(lines[:2]) == japanese  # two balanced lines, not 39 characters and 「う」
    assert all(_columns(line) >= 30 for line in lines[:2])
    assert not lines[1].startswith("、")
    assert all(_columns(line) <= MAIL_WIDTH for line in lines[2:-1])
    assert all(line.startswith("  word") for line in lines[2:-1])  # whole words, indent kept
    assert lines[-1] == url  # never broken, though longer than the width


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["reconfirmation", "reconfirm_remind"])
def test_the_reconfirmation_mail_leaves_no_word_alone_on_a_line(kind):
    """The seeded text has a 40-character line (80 columns): it once ended as 39 characters and
    a line holding only 「と」. It now breaks at its comma into two lines of similar length."""
    template = MailText.objects.get(key=f"registry.{kind}")
    registration = make_registration()
    context = {"rows": [], "reconfirm_url": "https://example.jp/r/x/", "deadline": None}

    _, body = mail_render(template=template, registration=registration, context=context)

    lines = body.split("\n--\n")[0].splitlines()  # the contact point's rule aside
    assert "期限までにご確認いただけない場合、" in lines
    assert "ご確認いただけるまで総務省ウェブサイトの一覧と" in lines
    shortest = min((line for line in lines if line.strip()), key=_columns)
    assert _columns(shortest) >= 4, f"a line holds almost nothing: {shortest!r}"


def test_a_sentence_breaks_at_punctuation_or_before_a_bracket_rather_than_inside_a_word():
    line = "次のページを開き、内容に変更がなければ「変更なし」を押してください（1回押すだけで完了します）。"

    assert mail_text(line).splitlines() == [
        "次のページを開き、内容に変更がなければ「変更なし」を押してください",
        "（1回押すだけで完了します）。",
    ]


def test_ambiguous_width_signs_count_two_columns():
    """■ ※ ○ … are full width in Japanese mail programs (East Asian Width A)."""
    line = "■" * 39 + "あ"  # 80 columns

    assert len(mail_text(line).splitlines()) == 2


WORDS = st.tuples(
    st.sampled_from(["", "", "「", "（"]),
    st.sampled_from([*"あいかきアイ漢字", "abc", "12", "KR-2026-000001"]),
    st.sampled_from(["", "", "", "、", "。", "」", "）", "ー"]),
    st.sampled_from(["", "", "", " "]),
)


@given(st.lists(WORDS, min_size=1, max_size=80).map(lambda words: "".join(map("".join, words))))
def test_wrapping_keeps_every_character_and_the_line_rules(text):
    text = text.strip()
    lines = mail_text(text).splitlines()

    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for number, line in enumerate(lines):
        assert _approx_columns(line) <= MAIL_WIDTH, lines
        if number:
            assert line[0] not in NO_LINE_START, lines
        if number < len(lines) - 1:
            assert line[-1] not in NO_LINE_END, lines
    assert (
        len(lines) <= 1 + _approx_columns(text) // 70
    )  # no more lines than filling each would take


def _wrapped_by_trying_every_break(line):
    """What the wrapping is defined as, the slow way: of every way to break the line into lines
    that fit (a piece wider than the width alone on its line), the fewest lines, then the least
    cost; of equal ones, the earliest start of each last line."""
    indent = line[: len(line) - len(line.lstrip())]
    pieces = _pieces(line[len(indent) :])
    room = MAIL_WIDTH - _columns(indent)

    def width(start, end):
        return _columns("".join(pieces[start:end]).strip(" "))

    best = [(0, 0, 0)]
    for end in range(1, len(pieces) + 1):
        options = []
        for start in range(end):
            if width(start, end) > room and start < end - 1:
                continue
            short = (
                room // 2 - width(start, end) if end == len(pieces) else room - width(start, end)
            )
            cost = best[start][1] + max(short, 0) ** 2 * (4 if end == len(pieces) else 1)
            cost += _break_cost(pieces[start - 1], pieces[start]) if start else 0
            options.append((best[start][0] + 1, cost, start))
        best.append(min(options))
    lines, end = [], len(pieces)
    while end:
        start = best[end][2]
        lines.insert(0, indent + "".join(pieces[start:end]).strip(" "))
        end = start
    return lines


@given(
    st.sampled_from(["", "  "]),
    st.lists(WORDS, min_size=30, max_size=120).map(lambda words: "".join(map("".join, words))),
)
def test_wrapping_finds_the_best_breaks_of_all(indent, text):
    """The wrapping looks only where the best can be (it is most of what queuing a mail costs);
    it must still find what trying every break finds."""
    line = indent + text.strip()
    if _columns(line) > MAIL_WIDTH:
        assert mail_text(line).splitlines() == _wrapped_by_trying_every_break(line)


def test_the_contact_point_ends_every_mail(settings):
    settings.CONTACT = CONTACT

    body = mail_body("本文です。")

    assert body.startswith("本文です。\n\n--\n")
    assert body.rstrip().endswith("受付時間：平日 10:00～17:00")


@pytest.mark.django_db
@pytest.mark.parametrize("kind", OutgoingMail.Kind.values)
def test_every_company_mail_suits_lgwan(settings, kind):
    settings.CONTACT = CONTACT
    registration = make_registration(website="https://example.co.jp/jisseki/")
    context = {"rows": [], "message": "問8の都道府県をご確認ください。" * 5, "changed": True}

    subject, body = mail_render(
        template=MailText.objects.get(key=f"registry.{kind}"),
        registration=registration,
        context=context,
    )

    assert_suits_lgwan(subject, body, registration.receipt_number)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [k for k in SpecialistMail.Kind.values if k != "erased"])
def test_every_talent_mail_suits_lgwan(settings, kind):
    settings.CONTACT = CONTACT
    # The provision's news goes once per entry: the entry is rendered before it is provided.
    specialist = make_specialist(status="confirmed" if kind == "listed" else "listed")

    sent = specialist_mail_queue(
        specialist=specialist, kind=kind, context={"rows": [], "message": "確認事項"}, deliver=False
    )

    assert_suits_lgwan(sent.subject, sent.body, specialist.receipt_number)


@pytest.mark.django_db
def test_the_erasure_mail_suits_lgwan(settings, django_capture_on_commit_callbacks):
    settings.CONTACT = CONTACT
    specialist = make_specialist(status="listed")

    with django_capture_on_commit_callbacks(execute=True):
        erased_mail_queue(specialist=specialist, address="gone@example.jp")

    assert_suits_lgwan(mail.outbox[0].subject, mail.outbox[0].body, specialist.receipt_number)


@pytest.mark.django_db
def test_the_approach_mail_suits_lgwan(settings, django_capture_on_commit_callbacks):
    settings.CONTACT = CONTACT
    company = reviewed(make_registration(), publish=True)
    need = make_need("13", title="基幹業務システムの標準化とガバメントクラウドへの移行の支援")

    with django_capture_on_commit_callbacks(execute=True):
        approaches_send(need=need, by=need.created_by, registration_ids=[company.pk])

    assert_suits_lgwan(mail.outbox[0].subject, mail.outbox[0].body, company.receipt_number)


@pytest.mark.django_db
def test_a_mail_subject_without_the_receipt_number_is_refused_in_the_admin():
    from portal.admin.mail_texts import MailTextForm

    template = MailText.objects.get(key="registry.receipt")
    form = MailTextForm(
        {"subject": "登録を受け付けました", "body": template.body}, instance=template
    )

    assert not form.is_valid()
    assert "受付番号" in form.errors["subject"][0]


NOTHING_TO_DO = ("何もする必要はありません", "このメールを破棄してください")


def _company_mail(kind, changed):
    registration = make_registration()
    template = MailText.objects.get(key=f"registry.{kind}")
    return mail_render(template=template, registration=registration, context={"changed": changed})


def _talent_mail(kind, changed):
    sent = specialist_mail_queue(
        specialist=make_specialist(status="listed"),
        kind=kind,
        context={"changed": changed},
        deliver=False,
    )
    return sent.subject, sent.body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("mail_of", "kind"),
    [
        (_company_mail, "edit_link"),
        (_talent_mail, "edit_link"),
        (_company_mail, "withdrawn"),
        (_talent_mail, "withdrawn"),
    ],
)
def test_a_change_the_person_did_not_make_sends_them_to_the_office(settings, mail_of, kind):
    """After a change notice, 「心当たりがない」 means someone else used the link: the person must
    tell the office, named in the sentence (not told that nothing needs doing)."""
    settings.CONTACT = CONTACT

    _, body = mail_of(kind, changed=True)

    text = body.split("\n--\n")[0].replace("\n", "")
    assert not any(words in text for words in NOTHING_TO_DO)
    assert re.search(r"心当たりがない場合は.*総務省 テスト窓口室.*ご連絡ください", text), text


@pytest.mark.django_db
@pytest.mark.parametrize("mail_of", [_company_mail, _talent_mail])
def test_a_link_someone_else_asked_for_needs_nothing_done(settings, mail_of):
    """Only a link was sent (nothing changed): whoever did not ask for it may ignore it."""
    settings.CONTACT = CONTACT

    _, body = mail_of("edit_link", changed=False)

    assert any(words in body for words in NOTHING_TO_DO)
