"""Pure keys for spotting the same company registered twice."""

import re

from portal.text import text_key

# Legal-entity words, in their key forms (NFKC), that people include or leave out at will.
_LEGAL_FORMS = [
    "株式会社",
    "有限会社",
    "合同会社",
    "合資会社",
    "合名会社",
    "一般社団法人",
    "公益社団法人",
    "一般財団法人",
    "公益財団法人",
    "特定非営利活動法人",
    "NPO法人",
    "(株)",
    "(有)",
    "(同)",
    "(社)",
    "(財)",
]
_LEGAL_FORM_PATTERN = re.compile("|".join(re.escape(form) for form in _LEGAL_FORMS), re.IGNORECASE)
_SPACES_AND_DOTS = re.compile(r"[\s・.,、。]+")


def company_name_key(name: str) -> str:
    """'㈱ デジタル　協力' and 'デジタル協力株式会社' both become 'デジタル協力'."""
    # The key of the text first: ㈱ and （株） become (株), full-width becomes ASCII.
    text = _LEGAL_FORM_PATTERN.sub("", text_key(name))
    return _SPACES_AND_DOTS.sub("", text)


def email_key(email: str) -> str:
    return text_key(email)
