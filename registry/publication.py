"""What the public list publishes about a company: its columns, and the same in a sentence for
the consent, the privacy notice, the complete page and the receipt mail."""

from .questions import QUESTIONS

# 協力方法 is published too, though no one question holds it: 出向 and 退職者への周知 make it.
COOPERATION_HEADING = "協力方法（出向／退職者への周知）"


def published_columns() -> list[tuple[str, str]]:
    """The public list's columns, in order, as (key, heading): the one definition of what is
    published, which the list, the consent, the privacy notice and the mails all read."""
    questions = [(q.fields[0], q.published_as) for q in QUESTIONS if q.published_as]
    return [questions[0], ("cooperation_methods", COOPERATION_HEADING), *questions[1:]]


def published_summary() -> str:
    """「企業名・団体名、協力方法（出向／退職者への周知）、出向可能地域、実績紹介サイトのURL」"""
    return "、".join(heading for _, heading in published_columns())
