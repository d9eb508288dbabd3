from django.db import migrations, models


class Migration(migrations.Migration):
    """Legacy names now live in their own rows (0004); the rows' rules become constraints.

    A migration of its own: PostgreSQL will not alter a table with pending trigger events, which
    0004's inserts of self-referencing rows leave behind until their transaction ends.
    """

    dependencies = [("accelerators", "0004_seed_ipa_exam_history")]

    operations = [
        migrations.RemoveField(model_name="ipaexam", name="legacy_names"),
        migrations.AddConstraint(
            model_name="ipaexam",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("equivalence", "current"), ("successor__isnull", True)),
                    models.Q(
                        models.Q(("equivalence", "current"), _negated=True),
                        ("successor__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="ipa_exam_legacy_has_a_successor",
            ),
        ),
        migrations.AddConstraint(
            model_name="ipaexam",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("last_year__isnull", True),
                    ("last_year__gte", models.F("first_year")),
                    _connector="OR",
                ),
                name="ipa_exam_years_in_order",
            ),
        ),
    ]
