"""Nominations and contract records point at portal.Prefecture (same table; state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accelerators", "0009_nomination_without_contractors"),
        ("portal", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="contractedstaffing",
                    name="prefecture",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="contracted_staffing",
                        to="portal.prefecture",
                        verbose_name="都道府県",
                    ),
                ),
                migrations.AlterField(
                    model_name="nomination",
                    name="prefecture",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="nominations",
                        to="portal.prefecture",
                        verbose_name="都道府県",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
