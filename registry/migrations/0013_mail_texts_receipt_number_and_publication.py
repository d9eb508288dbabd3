"""Mail texts as seeded, brought up to two rules: every subject carries the receipt number, and
the receipt says all that is published (the list's columns, {{ published_summary }})."""

from django.db import migrations

RETIREE_SUBJECT = "【総務省】退職者への周知についての詳細情報（人材プール協力企業・団体）"
NUMBERED = "（受付番号 {{ registration.receipt_number }}）"
PUBLISHED_BEFORE = "企業名・団体名と協力方法（出向／退職者への周知）は、総務省で確認のうえ"
PUBLISHED_NOW = "{{ published_summary }}は、総務省で確認のうえ"


def forwards(apps, schema_editor):
    # Only texts as seeded change: what 総務省 staff already rewrote is theirs.
    templates = apps.get_model("registry", "MailTemplate").objects
    templates.filter(kind="retiree_info", subject=RETIREE_SUBJECT).update(
        subject=RETIREE_SUBJECT + NUMBERED
    )
    for template in templates.filter(kind="receipt", body__contains=PUBLISHED_BEFORE):
        template.body = template.body.replace(PUBLISHED_BEFORE, PUBLISHED_NOW)
        template.save(update_fields=["body"])


def backwards(apps, schema_editor):
    templates = apps.get_model("registry", "MailTemplate").objects
    templates.filter(kind="retiree_info", subject=RETIREE_SUBJECT + NUMBERED).update(
        subject=RETIREE_SUBJECT
    )
    for template in templates.filter(kind="receipt", body__contains=PUBLISHED_NOW):
        template.body = template.body.replace(PUBLISHED_NOW, PUBLISHED_BEFORE)
        template.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("registry", "0012_retention")]
    operations = [migrations.RunPython(forwards, backwards)]
