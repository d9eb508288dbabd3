"""得意分野: the programme's 重点取組事項 and その他, so they exist after `migrate`."""

from django.db import migrations

# (code, name, takes free text), in the order the form shows them.
SPECIALTIES = [
    ("front_yard", "フロントヤード改革", False),
    ("standardisation", "システム標準化", False),
    ("el_qr", "eL-QR", False),
    ("my_number_card", "マイナンバーカード", False),
    ("security", "セキュリティ", False),
    ("ai_rpa", "AI・RPA", False),
    ("telework", "テレワーク", False),
    ("dx_plan", "DX推進計画策定", False),
    ("bpr", "業務改善", False),
    ("training", "人材育成", False),
    ("joint_procurement", "共同調達", False),
    ("other", "その他", True),
]


def seed(apps, schema_editor):
    Specialty = apps.get_model("talent", "Specialty")
    for position, (code, name, takes_text) in enumerate(SPECIALTIES, start=1):
        Specialty.objects.update_or_create(
            code=code, defaults={"name": name, "position": position, "takes_text": takes_text}
        )


def unseed(apps, schema_editor):
    apps.get_model("talent", "Specialty").objects.filter(
        code__in=[code for code, _, _ in SPECIALTIES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("talent", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
