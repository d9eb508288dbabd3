"""registry 0022 moves the company mail texts from registry.MailTemplate to portal.MailText:
a text 総務省 edited moves as they left it, the others read as shipped, and the way back
restores the MailTemplate rows, edit included."""

from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("registry", "0021_shared_entry_fields"), ("portal", "0006_mail_text")]
EDITED = "総務省が書き直した取下げの文面です。\n{{ contact.office }}\n"


def _migrate(targets):
    """Migrate to `targets` (None: the latest leaf nodes); the state then, as historical apps."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()  # what is applied now
    return executor.loader.project_state(targets).apps


def _shipped():
    return import_module("registry.migrations.0022_mail_texts_move_to_portal").TEXTS


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_move_to_portal_keeps_an_edited_text_and_reverses_with_it():
    try:
        apps = _migrate(BEFORE)
        templates = apps.get_model("registry", "MailTemplate").objects
        assert templates.count() == len(_shipped())
        templates.filter(kind="withdrawn").update(body=EDITED)

        apps = _migrate(None)
        texts = {text.key: text for text in apps.get_model("portal", "MailText").objects.all()}
        for key, (subject, body) in _shipped().items():
            text = texts[key]
            assert (text.shipped_subject, text.shipped_body) == (subject, body), key
            if key == "registry.withdrawn":
                assert (text.subject, text.body) == (subject, EDITED)
            else:
                assert (text.subject, text.body) == (subject, body), key
        assert "talent.withdrawn" in texts and "matching.approach" in texts

        apps = _migrate(BEFORE)
        restored = {
            template.kind: (template.subject, template.body)
            for template in apps.get_model("registry", "MailTemplate").objects.all()
        }
        assert restored["withdrawn"] == (_shipped()["registry.withdrawn"][0], EDITED)
        assert {f"registry.{kind}" for kind in restored} == set(_shipped())
        assert (
            not apps.get_model("portal", "MailText")
            .objects.filter(key__startswith="registry.")
            .exists()
        )
    finally:
        _migrate(None)  # the tests that follow need the latest schema
