"""募集 gets a required 担当部署 (the department that asks, named in 打診 mails and the reply
page). Needs stored before hold 「（未設定）」: the pages then speak for the prefecture alone, and
the need's staff are asked to fill it in; guessing it from 応募・問合せ先 (free text) could name
the wrong department in a mail."""

from django.db import migrations, models

UNSET = "（未設定）"


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0004_dates_years_1900_to_2100"),
    ]

    operations = [
        migrations.AddField(
            model_name="need",
            name="department",
            field=models.CharField(
                default=UNSET,
                help_text="例：総合政策部 デジタル推進課",
                max_length=100,
                verbose_name="担当部署",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalneed",
            name="department",
            field=models.CharField(
                default=UNSET,
                help_text="例：総合政策部 デジタル推進課",
                max_length=100,
                verbose_name="担当部署",
            ),
            preserve_default=False,
        ),
    ]
