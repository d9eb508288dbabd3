"""The first texts of the yearly reconfirmation mails; 総務省 staff edit them in the admin.

Plain text with each address on a line of its own: LGWAN mail systems strip HTML, and a link
that shares its line with other text is often broken by mail programs.
"""

from django.db import migrations

SIGNATURE = """
このメールは送信専用アドレスからお送りしています。
総務省 自治体DX 人材プール担当
"""

ANSWERS = """
■ 現在の登録内容
{% for row in rows %}
問{{ row.number }} {{ row.question }}
{% for line in row.lines %}  {{ line }}
{% endfor %}{% endfor %}"""

HOW = """■ 確認の方法
次のページを開き、内容に変更がなければ「変更なし」を押してください（1回押すだけで完了します）。
変更がある場合は、同じページから変更の画面に進めます。
{{ reconfirm_url }}

回答期限：{{ deadline|date:"Y年n月j日" }}
期限までにご確認いただけない場合、ご確認いただけるまで総務省ウェブサイトの一覧と
都道府県への情報提供から外れます（登録は削除されません）。
"""

TEMPLATES = {
    "reconfirmation": (
        "【総務省】人材プール協力企業・団体の登録内容のご確認のお願い（受付番号 {{ registration.receipt_number }}）",
        """{{ registration.company_name }}
{{ registration.contact_name }} 様

人材プール協力企業・団体にご登録いただき、ありがとうございます（受付番号 {{ registration.receipt_number }}）。
都道府県に正しい情報をお届けするため、年に1回、登録内容が今も正しいかのご確認をお願いしています
（前回のご確認：{{ registration.last_confirmed_at|date:"Y年n月j日" }}）。

"""
        + HOW
        + ANSWERS
        + SIGNATURE,
    ),
    "reconfirm_remind": (
        "【総務省】（再送）人材プール協力企業・団体の登録内容のご確認のお願い（受付番号 {{ registration.receipt_number }}）",
        """{{ registration.company_name }}
{{ registration.contact_name }} 様

先日お送りした、人材プール協力企業・団体の登録内容（受付番号 {{ registration.receipt_number }}）の
ご確認のお願いについて、まだご回答をいただいていないため、再度お送りします。
すでにご確認いただいた場合は、このメールは破棄してください。

"""
        + HOW
        + ANSWERS
        + SIGNATURE,
    ),
}


def seed_templates(apps, schema_editor):
    MailTemplate = apps.get_model("registry", "MailTemplate")
    for kind, (subject, body) in TEMPLATES.items():
        MailTemplate.objects.get_or_create(kind=kind, defaults={"subject": subject, "body": body})


def unseed_templates(apps, schema_editor):
    apps.get_model("registry", "MailTemplate").objects.filter(kind__in=TEMPLATES).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0010_reconfirmation")]

    operations = [migrations.RunPython(seed_templates, unseed_templates)]
