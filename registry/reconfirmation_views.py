"""The page a yearly reconfirmation mail links to: 変更なし with one press, or on to the edit form."""

from portal.reconfirmation import reconfirmation_view

from .answers import registration_answers
from .links import edit_url
from .questions import answer_rows
from .reconfirmation import RECONFIRMATION


def _page_context(registration):
    return {
        "rows": answer_rows(registration_answers(registration)),
        "edit_url": edit_url(registration),
    }


reconfirm = reconfirmation_view(
    RECONFIRMATION,
    templates={
        "page": "registry/reconfirm.html",
        "done": "registry/reconfirmed.html",
        "invalid": "registry/edit_link_invalid.html",
    },
    page_context=_page_context,
)
