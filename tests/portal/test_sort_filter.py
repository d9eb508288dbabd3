"""portal.filters.SortFilter: the 並び順 menu every list shares."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.filters import SortFilter

FIELDS = [("created_at", "registered")]


def test_a_label_given_twice_is_refused():
    with pytest.raises(ImproperlyConfigured):
        SortFilter(
            fields=FIELDS,
            options=[("-registered", "登録日（新しい順）"), ("registered", "登録日（新しい順）")],
        )


@pytest.mark.parametrize(
    "options",
    [[], [("email", "メール")], [("registered", "古い順"), ("registered", "古い順から")]],
)
def test_an_option_that_is_not_a_field_or_is_offered_twice_is_refused(options):
    with pytest.raises(ImproperlyConfigured):
        SortFilter(fields=FIELDS, options=options)


def test_the_menu_is_the_options_in_order_with_no_empty_option():
    sort = SortFilter(
        fields=FIELDS, options=[("-registered", "新しい順"), ("registered", "古い順")]
    )

    assert list(sort.field.choices) == [("-registered", "新しい順"), ("registered", "古い順")]
    assert sort.default == "-registered"
