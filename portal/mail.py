"""Mail text every app sends, and the reply that queues its mails after it has gone out.

Prefectural and municipal mail systems (LGWAN) strip HTML, disable links and drop attachments, so
every mail is plain text, with each URL whole on a line of its own, lines kept under MAIL_WIDTH
columns where possible, and the contact point at the end (mail_body).
"""

import re
import unicodedata

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

from .tasks import mail_enqueue_now

MAIL_WIDTH = 78  # columns, a full-width character counting two (RFC 5322's advice)
URL = re.compile(r"https?://[^\s<>「」（）、。]+")
# What a line may break between: a run of ASCII letters, digits and signs stays whole.
UNIT = re.compile(r"[!-~]+|.")
# Characters that must not begin a line (行頭禁則): they stay at the end of the line before.
NO_LINE_START = set("、。，．）」』】〕〉》”’ー・：；？！ぁぃぅぇぉっゃゅょァィゥェォッャュョ")


def mail_body(text):
    """The text of a mail as sent: URLs on their own lines, lines wrapped, the contact point last."""
    footer = render_to_string("portal/mail/footer.txt", {"contact": settings.CONTACT})
    return mail_text(f"{text.rstrip()}\n\n{footer.strip()}\n")


def mail_text(text):
    lines = []
    for line in text.replace("\r\n", "\n").split("\n"):
        for part in _url_apart(line):
            lines += _wrapped(part)
    return "\n".join(lines)


def _url_apart(line):
    """A line with a URL in it becomes the text before, the URL alone, and the text after."""
    parts, rest = [], line
    while match := URL.search(rest):
        before = rest[: match.start()].rstrip()
        if before.strip():
            parts.append(before)
        parts.append(match.group())
        rest = rest[match.end() :].lstrip()
    if rest or not parts:
        parts.append(rest)
    return parts


def _columns(text):
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _wrapped(line):
    if _columns(line) <= MAIL_WIDTH or URL.fullmatch(line):
        return [line]
    indent = line[: len(line) - len(line.lstrip())]
    lines, current = [], indent
    for unit in UNIT.findall(line[len(indent) :]):
        fits = _columns(current + unit) <= MAIL_WIDTH
        if fits or current == indent or unit in NO_LINE_START:
            current += unit
        else:
            lines.append(current.rstrip())
            current = indent + unit.lstrip()
    lines.append(current.rstrip())
    return lines


class DeliverAfterResponse(HttpResponse):
    """A response that queues its mails only once the client has it (the server calls close).

    Used where the reply must take the same time whether or not a mail goes out, so that its
    timing cannot tell who has registered (with the immediate backend, queueing is sending).
    """

    def __init__(self, *args, mails=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.mails = list(mails)

    def close(self):
        try:
            for mail in self.mails:
                mail_enqueue_now(label=mail._meta.label, pk=mail.pk)
        finally:
            super().close()
