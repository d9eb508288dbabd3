"""A change or withdrawal the company did not make must be reported: the seeded edit-link mail
told them to discard it, and the withdrawal mail said 「担当」 without saying who. Only texts as
seeded change: what 総務省 staff already rewrote is theirs."""

from django.db import migrations

EDIT_LINK_BEFORE = "お心当たりがない場合は、このメールを破棄してください。\n"
EDIT_LINK_NOW = (
    "{% if changed %}この変更にお心当たりがない場合は、ほかの方がリンクを使ったおそれがあります。\n"
    "受付番号を添えて、すぐに{{ contact.office }}（下記のお問い合わせ先）までご連絡ください。\n"
    "{% else %}お心当たりがない場合は、このメールを破棄してください（登録内容は変わっていません）。\n"
    "{% endif %}"
)
WITHDRAWN_BEFORE = "お心当たりがない場合は、受付番号を添えて担当までご連絡ください。\n"
WITHDRAWN_NOW = (
    "お心当たりがない場合は、受付番号を添えて、すぐに{{ contact.office }}\n"
    "（下記のお問い合わせ先）までご連絡ください。\n"
)
CHANGES = {
    "edit_link": (EDIT_LINK_BEFORE, EDIT_LINK_NOW),
    "withdrawn": (WITHDRAWN_BEFORE, WITHDRAWN_NOW),
}


def _replace(apps, old_of, new_of):
    templates = apps.get_model("registry", "MailTemplate").objects
    for kind, texts in CHANGES.items():
        old, new = old_of(texts), new_of(texts)
        for template in templates.filter(kind=kind, body__contains=old):
            template.body = template.body.replace(old, new)
            template.save(update_fields=["body"])


def forwards(apps, schema_editor):
    _replace(apps, lambda texts: texts[0], lambda texts: texts[1])


def backwards(apps, schema_editor):
    _replace(apps, lambda texts: texts[1], lambda texts: texts[0])


class Migration(migrations.Migration):
    dependencies = [("registry", "0018_retention_runs_move_to_portal")]
    operations = [migrations.RunPython(forwards, backwards)]
