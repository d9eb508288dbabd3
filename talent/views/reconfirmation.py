"""The page a yearly reconfirmation mail links to: 変更なし with one press, or on to the edit form."""

from portal.reconfirmation import reconfirmation_view

from ..answers import answer_rows, specialist_answers
from ..links import edit_url
from ..reconfirmation import RECONFIRMATION


def _page_context(specialist):
    return {
        "rows": answer_rows(specialist_answers(specialist)),
        "edit_url": edit_url(specialist),
    }


reconfirm = reconfirmation_view(
    RECONFIRMATION,
    templates={
        "page": "talent/reconfirm.html",
        "done": "talent/reconfirmed.html",
        "invalid": "talent/link_invalid.html",
    },
    page_context=_page_context,
)
