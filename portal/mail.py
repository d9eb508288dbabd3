"""Mail text every app sends, and the reply that queues its mails after it has gone out.

Prefectural and municipal mail systems (LGWAN) strip HTML, disable links and drop attachments, so
every mail is plain text, with each URL whole on a line of its own, lines kept under MAIL_WIDTH
columns where possible, and the contact point at the end (mail_body).
"""

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise
from typing import Any

from django.conf import settings
from django.db.models import Model
from django.http import HttpResponse
from django.template.loader import render_to_string

from .tasks import mail_enqueue_now

MAIL_WIDTH = 78  # columns, a full-width character counting two (RFC 5322's advice)
URL = re.compile(r"https?://[^\s<>「」（）、。]+")
# What a line may break between: a run of ASCII letters, digits and signs stays whole.
UNIT = re.compile(r"[!-~]+|.")
# Characters that must not begin a line (行頭禁則): they stay at the end of the line before.
NO_LINE_START = set("、。，．）」』】〕〉》”’ー・：；？！ぁぃぅぇぉっゃゅょァィゥェォッャュョ")
# Characters that must not end a line (行末禁則): they go to the next line with what they open.
NO_LINE_END = set("「『【〔〈《（“‘")
# Where a break reads well: after a comma, a full stop or a closing bracket, or before an opening
# one (a space is also a good place). Anywhere else costs as much as lines this many columns
# shorter than the width; inside a run of one script (a word such as 総務省 or ウェブサイト) more.
GOOD_BREAK_AFTER = set("、。，．）」』】〕〉》！？：；")
BREAK_COST = 30**2
BREAK_IN_WORD_COST = 40**2


def absolute_url(path: str) -> str:
    """The address of a path of this site (from reverse()) as mails write it: on SITE_URL, never
    on a request's host, since workers and commands send mail without a request."""
    return settings.SITE_URL.rstrip("/") + path


def mail_body(text: str) -> str:
    """The text of a mail as sent: URLs on their own lines, lines wrapped, the contact point last."""
    footer = render_to_string("portal/mail/footer.txt", {"contact": settings.CONTACT})
    return mail_text(f"{text.rstrip()}\n\n{footer.strip()}\n")


def mail_text(text: str) -> str:
    lines: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        for part in _url_apart(line):
            lines += _wrapped(part)
    return "\n".join(lines)


def _url_apart(line: str) -> list[str]:
    """A line with a URL in it becomes the text before, the URL alone, and the text after."""
    parts: list[str] = []
    rest = line
    while match := URL.search(rest):
        before = rest[: match.start()].rstrip()
        if before.strip():
            parts.append(before)
        parts.append(match.group())
        rest = rest[match.end() :].lstrip()
    if rest or not parts:
        parts.append(rest)
    return parts


def _columns(text: str) -> int:
    """Columns a mail program gives the text: two for wide, full-width and ambiguous characters
    (■ ※ ○ … are full width in Japanese fonts), one for the rest."""
    if text.isascii():
        return len(text)
    return sum(map(_char_columns, text))


# Per character, not per line: what is kept is the character set of Japanese text, never a
# sentence someone wrote (a mail's lines hold names and answers). Wrapping is most of what
# queuing a mail costs, and these were most of the wrapping.
@lru_cache(maxsize=8192)
def _char_columns(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in "WFA" else 1


@lru_cache(maxsize=8192)
def _script(char: str) -> str:
    if char.isascii():
        return "latin" if char.isalnum() else char
    name = unicodedata.name(char, "")
    for script in ("CJK", "HIRAGANA", "KATAKANA"):
        if name.startswith(script):
            return script
    return "ー" if char == "ー" else char


def _pieces(text: str) -> list[str]:
    """The text cut where a line may break: ASCII words whole, kinsoku characters kept with
    their neighbour (、 with what it follows, 「 with what it opens)."""
    pieces: list[str] = []
    opening = ""
    for unit in UNIT.findall(text):
        if unit in NO_LINE_END:
            opening += unit
        elif pieces and not opening and unit in NO_LINE_START:
            pieces[-1] += unit
        else:
            pieces.append(opening + unit)
            opening = ""
    if opening:
        pieces.append(opening)
    return pieces


def _break_cost(before: str, after: str) -> int:
    if before.endswith(" ") or after.startswith(" ") or after[0] in NO_LINE_END:
        return 0
    if before[-1] in GOOD_BREAK_AFTER:
        return 0
    last, first = _script(before[-1]), _script(after[0])
    same = last == first or (last == "ー" and first == "KATAKANA")
    return BREAK_IN_WORD_COST if same or last == "ー" else BREAK_COST


def _wrapped(line: str) -> list[str]:
    """A long line as the fewest lines of at most MAIL_WIDTH columns, broken at the best places
    (_break_cost), each line but the last as full as it can be and the last, where it can be, at
    least half as long: an 80-column line becomes two of about 40, never 78 and a line that
    holds one character. A piece longer than the width (a long word) has a line of its own."""
    if _columns(line) <= MAIL_WIDTH or URL.fullmatch(line):
        return [line]
    indent = line[: len(line) - len(line.lstrip())]
    pieces = _pieces(line[len(indent) :])
    count = len(pieces)
    room = MAIL_WIDTH - _columns(indent)
    half = room // 2

    breaks = [0] + [_break_cost(before, after) for before, after in pairwise(pieces)]
    # Spaces are dropped where a line breaks, so a line's width leaves out those at its ends:
    # first[i] is the first piece at or after i that is not a space, upto[j] the end of
    # pieces[:j] without the spaces it ends with.
    sums = [0]
    for piece in pieces:
        sums.append(sums[-1] + _columns(piece))
    blank = [not piece.strip(" ") for piece in pieces]
    first = [count] * (count + 1)
    for i in range(count - 1, -1, -1):
        first[i] = first[i + 1] if blank[i] else i
    upto = list(range(count + 1))
    for j in range(1, count + 1):
        upto[j] = upto[j - 1] if blank[j - 1] else j

    # The fewest lines first, then the least cost: the lines' shortfall (a last line only
    # below half the room, and four times as much) and the breaks'. lines[end], costs[end] and
    # starts[end] are the best wrapping of pieces[:end] and where its last line starts; of
    # equal ones, the earliest start. A line can start anywhere from `earliest` (the first
    # start from which pieces[start:end] fit, which only moves on as `end` does) to end - 1.
    # Fewer pieces never need more lines, so the fewest lines are those through `earliest`
    # plus one, and only the starts that share its count can be best.
    lines, costs, starts = [0] * (count + 1), [0] * (count + 1), [0] * (count + 1)
    earliest = 0
    for end in range(1, count + 1):
        stop = sums[upto[end]]
        while earliest < end - 1 and first[earliest] < end and stop - sums[first[earliest]] > room:
            earliest += 1
        fewest, last = lines[earliest], end == count
        best_cost, best_start = -1, earliest
        for start in range(earliest, end):
            if lines[start] != fewest:
                break
            begin = first[start]
            width = stop - sums[begin] if begin < end else 0
            short = (half - width) * 2 if last else room - width
            cost = costs[start] + breaks[start] + (short * short if short > 0 else 0)
            if best_cost < 0 or cost < best_cost:
                best_cost, best_start = cost, start
        lines[end], costs[end], starts[end] = fewest + 1, best_cost, best_start
    wrapped: list[str] = []
    end = count
    while end:
        start = starts[end]
        wrapped.append(indent + "".join(pieces[start:end]).strip(" "))
        end = start
    wrapped.reverse()
    return wrapped


class DeliverAfterResponse(HttpResponse):
    """A response that queues its mails only once the client has it (the server calls close).

    Used where the reply must take the same time whether or not a mail goes out, so that its
    timing cannot tell who has registered (with the immediate backend, queueing is sending).
    """

    def __init__(self, *args: Any, mails: Iterable[Model] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mails = list(mails)

    def close(self) -> None:
        try:
            for mail in self.mails:
                mail_enqueue_now(label=mail._meta.label, pk=mail.pk)
        finally:
            super().close()
