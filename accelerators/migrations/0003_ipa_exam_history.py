import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """IPA exams get their years and the current exam they map to (data in 0004)."""

    dependencies = [("accelerators", "0002_seed_ipa_exams")]

    operations = [
        migrations.AlterModelOptions(
            name="ipaexam",
            options={
                "ordering": ["position", "code"],
                "verbose_name": "IPA高度試験",
                "verbose_name_plural": "IPA高度試験",
            },
        ),
        migrations.AddField(
            model_name="ipaexam",
            name="equivalence",
            field=models.CharField(
                choices=[
                    ("current", "現行の試験"),
                    ("full", "現行の試験と同等"),
                    ("partial", "現行の試験と一部が同等"),
                ],
                default="current",
                max_length=10,
                verbose_name="現行の試験との関係",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="ipaexam",
            name="first_year",
            field=models.PositiveSmallIntegerField(
                default=1969, verbose_name="最初に実施された年（西暦）"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="ipaexam",
            name="last_year",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="現在も実施中の場合は空欄",
                null=True,
                verbose_name="最後に実施された年（西暦）",
            ),
        ),
        migrations.AddField(
            model_name="ipaexam",
            name="position",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="表示順"),
        ),
        migrations.AddField(
            model_name="ipaexam",
            name="successor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="predecessors",
                to="accelerators.ipaexam",
                verbose_name="対応する現行の試験",
            ),
        ),
    ]
