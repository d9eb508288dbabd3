from django.db import migrations, models


class Migration(migrations.Migration):
    """No 業務委託 among nominations (moved out by 0007), now also a database rule.

    A migration of its own: PostgreSQL will not alter a table with pending trigger events, which
    0007's deletions leave behind until their transaction ends.
    """

    dependencies = [("accelerators", "0008_seed_appointment_number_counters")]

    operations = [
        migrations.AlterField(
            model_name="nomination",
            name="employment_type",
            field=models.CharField(
                choices=[
                    ("permanent", "任期なし常勤職員"),
                    ("fixed_term", "任期付職員"),
                    ("part_time", "非常勤職員"),
                ],
                max_length=20,
                verbose_name="任用形態",
            ),
        ),
        migrations.AddConstraint(
            model_name="nomination",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("employment_type__in", ["permanent", "fixed_term", "part_time"])
                ),
                name="nomination_is_for_prefecture_staff_not_contractors",
            ),
        ),
    ]
