"""IPA's level-4 (高度) exams with their legacy names, so they exist after `migrate`."""

from django.db import migrations

# (code, name, legacy names separated by |), copied from the programme's reference list.
IPA_LEVEL4_EXAMS = [
    ("ST", "ITストラテジスト試験", "システムアナリスト試験|上級システムアドミニストレータ試験"),
    ("SA", "システムアーキテクト試験", "アプリケーションエンジニア試験"),
    ("PM", "プロジェクトマネージャ試験", ""),
    ("NW", "ネットワークスペシャリスト試験", "テクニカルエンジニア（ネットワーク）試験"),
    ("DB", "データベーススペシャリスト試験", "テクニカルエンジニア（データベース）試験"),
    (
        "ES",
        "エンベデッドシステムスペシャリスト試験",
        "テクニカルエンジニア（エンベデッドシステム）試験|マイコン応用システムエンジニア試験",
    ),
    (
        "SM",
        "ITサービスマネージャ試験",
        "テクニカルエンジニア（システム管理）試験|システム運用管理エンジニア試験",
    ),
    ("AU", "システム監査技術者試験", "情報処理システム監査技術者試験"),
    (
        "SC",
        "情報処理安全確保支援士試験",
        "情報セキュリティスペシャリスト試験|テクニカルエンジニア（情報セキュリティ）試験|情報セキュリティアドミニストレータ試験",
    ),
]


def seed_exams(apps, schema_editor):
    IpaExam = apps.get_model("accelerators", "IpaExam")
    for code, name, legacy_names in IPA_LEVEL4_EXAMS:
        IpaExam.objects.update_or_create(
            code=code, defaults={"name": name, "legacy_names": legacy_names}
        )


def unseed_exams(apps, schema_editor):
    IpaExam = apps.get_model("accelerators", "IpaExam")
    IpaExam.objects.filter(code__in=[row[0] for row in IPA_LEVEL4_EXAMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("accelerators", "0001_initial")]

    operations = [migrations.RunPython(seed_exams, unseed_exams)]
