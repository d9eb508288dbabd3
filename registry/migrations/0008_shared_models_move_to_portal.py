"""Prefecture, PrefectureMembership and ExportLog now belong to `portal` (see its 0001).

State only: the tables stay as they are here, and the relations from registrations point at the
same table under the model's new app.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accelerators", "0010_prefecture_in_portal"),
        ("portal", "0001_initial"),
        ("registry", "0007_constraint_messages"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="historicalregistration_dispatch_prefectures",
                    name="prefecture",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="portal.prefecture",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalregistration_base_prefectures",
                    name="prefecture",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="portal.prefecture",
                    ),
                ),
                migrations.AlterField(
                    model_name="registration",
                    name="base_prefectures",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="+",
                        to="portal.prefecture",
                        verbose_name="活動拠点のある都道府県",
                    ),
                ),
                migrations.AlterField(
                    model_name="registration",
                    name="dispatch_prefectures",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="+",
                        to="portal.prefecture",
                        verbose_name="出向可能な都道府県",
                    ),
                ),
                migrations.DeleteModel(name="ExportLog"),
                migrations.DeleteModel(name="PrefectureMembership"),
                migrations.DeleteModel(name="Prefecture"),
            ],
            database_operations=[],
        ),
    ]
