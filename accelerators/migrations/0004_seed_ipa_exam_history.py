"""Every IPA level-4 exam since 1986 as its own entry, and each recorded pass on the right one.

Until now a pass was recorded against one of the 9 current exams, whose legacy names were only a
label. Each legacy exam is now an entry of its own with its years and the current exam it maps
to (IPA's 2009 mapping): fully equivalent ones meet rule (2); partly equivalent ones
(情報セキュリティアドミニストレータ試験, 上級システムアドミニストレータ試験) do not, and are
shown to 総務省 as evidence for rule (3).

A recorded pass moves to the entry of its family that was held in its year (see exam_for_pass).
"""

from django.db import migrations

# (code, name, successor code, equivalence, first year, last year or None), in display order.
# The years are the portal's data decisions from IPA's exam history.
IPA_EXAMS = [
    ("ST", "ITストラテジスト試験", None, "current", 2009, None),
    ("AN", "システムアナリスト試験", "ST", "full", 1986, 2008),
    ("SD", "上級システムアドミニストレータ試験", "ST", "partial", 1995, 2008),
    ("SA", "システムアーキテクト試験", None, "current", 2009, None),
    ("AE", "アプリケーションエンジニア試験", "SA", "full", 1994, 2008),
    ("PM", "プロジェクトマネージャ試験", None, "current", 1994, None),
    ("NW", "ネットワークスペシャリスト試験", None, "current", 1994, None),
    ("TENW", "テクニカルエンジニア（ネットワーク）試験", "NW", "full", 2001, 2008),
    ("DB", "データベーススペシャリスト試験", None, "current", 1994, None),
    ("TEDB", "テクニカルエンジニア（データベース）試験", "DB", "full", 2001, 2008),
    ("ES", "エンベデッドシステムスペシャリスト試験", None, "current", 2009, None),
    ("TEES", "テクニカルエンジニア（エンベデッドシステム）試験", "ES", "full", 2001, 2008),
    ("MC", "マイコン応用システムエンジニア試験", "ES", "full", 1994, 2000),
    ("SM", "ITサービスマネージャ試験", None, "current", 2009, None),
    ("TESM", "テクニカルエンジニア（システム管理）試験", "SM", "full", 2001, 2008),
    ("OM", "システム運用管理エンジニア試験", "SM", "full", 1994, 2000),
    ("AU", "システム監査技術者試験", None, "current", 1994, None),
    ("IA", "情報処理システム監査技術者試験", "AU", "full", 1986, 1993),
    ("SC", "情報処理安全確保支援士試験", None, "current", 2017, None),
    ("SS", "情報セキュリティスペシャリスト試験", "SC", "full", 2009, 2016),
    ("TESV", "テクニカルエンジニア（情報セキュリティ）試験", "SC", "full", 2006, 2008),
    ("SU", "情報セキュリティアドミニストレータ試験", "SC", "partial", 2001, 2008),
]

# The 9 current exams' legacy names as 0002 stored them, to go back.
LEGACY_NAMES = {
    "ST": "システムアナリスト試験|上級システムアドミニストレータ試験",
    "SA": "アプリケーションエンジニア試験",
    "PM": "",
    "NW": "テクニカルエンジニア（ネットワーク）試験",
    "DB": "テクニカルエンジニア（データベース）試験",
    "ES": "テクニカルエンジニア（エンベデッドシステム）試験|マイコン応用システムエンジニア試験",
    "SM": "テクニカルエンジニア（システム管理）試験|システム運用管理エンジニア試験",
    "AU": "情報処理システム監査技術者試験",
    "SC": (
        "情報セキュリティスペシャリスト試験|テクニカルエンジニア（情報セキュリティ）試験"
        "|情報セキュリティアドミニストレータ試験"
    ),
}


def exam_for_pass(code, year, exams=IPA_EXAMS):
    """The entry a pass recorded as (current exam `code`, `year`) belongs to.

    The recorded exam if it was held that year; else the one of its family (itself and the
    legacy exams mapping to it) held that year, a full equivalent before a partial one when two
    were (ST 1995–2008: システムアナリスト, not 上級システムアドミニストレータ; SC 2006–2008:
    テクニカルエンジニア（情報セキュリティ）, not 情報セキュリティアドミニストレータ); else, when
    none was held that year, the recorded exam unchanged (the form will ask for a valid year).
    """

    def held(row):
        first, last = row[4], row[5]
        return first <= year <= (last if last is not None else 9999)

    rows = {row[0]: row for row in exams}
    if code not in rows or held(rows[code]):
        return code
    family = [row for row in exams if row[2] == code and held(row)]
    family.sort(key=lambda row: row[3] == "partial")
    return family[0][0] if family else code


def seed_exams(apps, schema_editor):
    IpaExam = apps.get_model("accelerators", "IpaExam")
    IpaPass = apps.get_model("accelerators", "IpaPass")
    for position, (code, name, successor, equivalence, first, last) in enumerate(IPA_EXAMS):
        IpaExam.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "successor_id": successor,
                "equivalence": equivalence,
                "first_year": first,
                "last_year": last,
                "position": position,
            },
        )
    for item in IpaPass.objects.all():
        code = exam_for_pass(item.exam_id, item.year)
        if code != item.exam_id:
            IpaPass.objects.filter(pk=item.pk).update(exam_id=code)


def unseed_exams(apps, schema_editor):
    IpaExam = apps.get_model("accelerators", "IpaExam")
    IpaPass = apps.get_model("accelerators", "IpaPass")
    for row in IPA_EXAMS:
        code, successor = row[0], row[2]
        if successor:
            IpaPass.objects.filter(exam_id=code).update(exam_id=successor)
    IpaExam.objects.filter(successor__isnull=False).delete()
    for code, legacy_names in LEGACY_NAMES.items():
        IpaExam.objects.filter(code=code).update(legacy_names=legacy_names)


class Migration(migrations.Migration):
    dependencies = [("accelerators", "0003_ipa_exam_history")]

    operations = [migrations.RunPython(seed_exams, unseed_exams)]
