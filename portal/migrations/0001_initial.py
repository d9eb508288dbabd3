"""The prefectures, prefecture memberships and export log move here from `registry`.

Their tables already exist (created by registry's migrations), so this migration only tells
Django's model state that `portal` owns them; 0002 then renames the tables. The content types
move too, so that permissions already given to groups and admin log entries keep pointing at
the same models.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MOVED = ["prefecture", "prefecturemembership", "exportlog"]


def move_content_types(apps, schema_editor, source="registry", target="portal"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=source, model__in=MOVED).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="portal", target="registry")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        ("registry", "0007_constraint_messages"),
    ]

    operations = [
        migrations.RunPython(move_content_types, move_content_types_back),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Prefecture",
                    fields=[
                        (
                            "code",
                            models.CharField(
                                max_length=2,
                                primary_key=True,
                                serialize=False,
                                verbose_name="JISコード",
                            ),
                        ),
                        (
                            "name",
                            models.CharField(max_length=10, unique=True, verbose_name="都道府県名"),
                        ),
                        ("name_kana", models.CharField(max_length=20, verbose_name="よみがな")),
                        ("name_en", models.CharField(max_length=20, verbose_name="英語名")),
                        (
                            "region",
                            models.CharField(
                                choices=[
                                    ("hokkaido", "北海道"),
                                    ("tohoku", "東北"),
                                    ("kanto", "関東"),
                                    ("chubu", "中部"),
                                    ("kinki", "近畿"),
                                    ("chugoku", "中国"),
                                    ("shikoku", "四国"),
                                    ("kyushu_okinawa", "九州・沖縄"),
                                ],
                                max_length=20,
                                verbose_name="地方",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "都道府県",
                        "verbose_name_plural": "都道府県",
                        "ordering": ["code"],
                        "db_table": "registry_prefecture",
                    },
                ),
                migrations.CreateModel(
                    name="ExportLog",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("kind", models.CharField(max_length=30, verbose_name="出力の種類")),
                        (
                            "exported_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="出力日時"
                            ),
                        ),
                        ("conditions", models.TextField(blank=True, verbose_name="出力条件")),
                        ("row_count", models.PositiveIntegerField(verbose_name="件数")),
                        ("file_name", models.CharField(max_length=200, verbose_name="ファイル名")),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="出力した人",
                            ),
                        ),
                        (
                            "prefecture",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="portal.prefecture",
                                verbose_name="都道府県",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "Excel出力の記録",
                        "verbose_name_plural": "Excel出力の記録",
                        "ordering": ["-exported_at", "-id"],
                        "db_table": "registry_exportlog",
                    },
                ),
                migrations.CreateModel(
                    name="PrefectureMembership",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "prefecture",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="portal.prefecture",
                                verbose_name="所属する都道府県",
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="prefecture_membership",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="ユーザー",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "都道府県の所属",
                        "verbose_name_plural": "都道府県の所属",
                        "db_table": "registry_prefecturemembership",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
