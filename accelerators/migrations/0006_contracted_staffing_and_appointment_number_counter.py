import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accelerators", "0005_ipa_exam_constraints"),
        ("registry", "0003_prefecture_membership_and_export_log"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AppointmentNumberCounter",
            fields=[
                (
                    "year",
                    models.PositiveSmallIntegerField(
                        primary_key=True, serialize=False, verbose_name="年（西暦）"
                    ),
                ),
                ("last_number", models.PositiveIntegerField(default=0, verbose_name="最後の番号")),
            ],
            options={"verbose_name": "任命番号の採番", "verbose_name_plural": "任命番号の採番"},
        ),
        migrations.CreateModel(
            name="ContractedStaffing",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("fiscal_year", models.PositiveSmallIntegerField(verbose_name="年度（西暦）")),
                ("persons", models.PositiveSmallIntegerField(verbose_name="人数")),
                (
                    "annual_cost_yen",
                    models.PositiveBigIntegerField(verbose_name="年間の委託費（円）"),
                ),
                ("note", models.TextField(blank=True, verbose_name="備考")),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="作成日時"
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新日時")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="作成者",
                    ),
                ),
                (
                    "prefecture",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="contracted_staffing",
                        to="registry.prefecture",
                        verbose_name="都道府県",
                    ),
                ),
            ],
            options={
                "verbose_name": "委託による人材確保",
                "verbose_name_plural": "委託による人材確保",
                "ordering": ["-fiscal_year", "prefecture", "id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("persons__gte", 1)),
                        name="contracted_staffing_has_persons",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("fiscal_year__gte", 2000), ("fiscal_year__lte", 2100)),
                        name="contracted_staffing_fiscal_year_is_plausible",
                    ),
                ],
            },
        ),
        migrations.AlterField(
            model_name="nomination",
            name="annual_cost_yen",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="非常勤職員（と令和6年度までの常勤職員）の特別交付税の見込みの計算に使います。",
                null=True,
                verbose_name="年間の人件費（円）",
            ),
        ),
        migrations.AlterField(
            model_name="nomination",
            name="seconded_from_name",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="出向元（一覧にない場合）"
            ),
        ),
    ]
