"""matching 0007 adds follow-up dates and seen replies empty: 打診 sent before it have no date (so
none is overdue on day one) and their replies count as unseen until the prefecture opens them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from matching.models import Approach
from matching.workflow import approach_answer
from tests.factories import make_need, make_specialist

BEFORE = [("matching", "0006_mail_texts")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_approaches_sent_before_the_migration_get_no_follow_up_date():
    need = make_need("01")
    person = make_specialist(status="listed", desired_prefectures=["01"])
    approach = Approach.objects.create(need=need, specialist=person, sent_by=need.created_by)
    approach_answer(approach=approach, response="interested")
    try:
        _migrate(BEFORE)
        _migrate(None)
        approach.refresh_from_db()
        assert approach.follow_up_on is None
        assert not Approach.objects.overdue().exists()
        assert list(Approach.objects.reply_unseen()) == [approach]
    finally:
        _migrate(None)
