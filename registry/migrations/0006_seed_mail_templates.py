"""The first texts of the mails to companies; 総務省 staff edit them in the admin afterwards."""

from django.db import migrations

SIGNATURE = """
このメールは送信専用アドレスからお送りしています。
総務省 自治体DX 人材プール担当
"""

TEMPLATES = {
    "receipt": (
        "【総務省】人材プール協力企業・団体の登録を受け付けました（受付番号 {{ registration.receipt_number }}）",
        """{{ registration.company_name }}
{{ registration.department }}
{{ registration.contact_name }} 様

人材プール協力企業・団体へのご登録ありがとうございます。
以下の内容で受け付けました。

受付番号：{{ registration.receipt_number }}
受付日時：{{ registration.created_at|date:"Y年n月j日 H:i" }}

■ ご回答内容
{% for row in rows %}
問{{ row.number }} {{ row.question }}
{% for line in row.lines %}  {{ line }}
{% endfor %}{% endfor %}
企業名・団体名と協力方法（出向／退職者への周知）は、総務省で確認のうえ総務省ウェブサイトに掲載します。

■ 登録内容の変更・取下げ
次のリンクから、登録内容の変更や取下げができます（{{ link_days }}日間有効。他の方に転送しないでください）。
{{ edit_url }}
期限が切れた場合は、{{ request_url }} から新しいリンクを請求できます。
"""
        + SIGNATURE,
    ),
    "returned": (
        "【総務省】人材プール協力企業・団体の登録内容のご確認のお願い（受付番号 {{ registration.receipt_number }}）",
        """{{ registration.company_name }}
{{ registration.contact_name }} 様

人材プール協力企業・団体にご登録いただいた内容（受付番号 {{ registration.receipt_number }}）について、
総務省から確認させていただきたい点があります。

■ 総務省からの連絡事項
{{ message }}

お手数ですが、次のリンクから登録内容を修正してください（{{ link_days }}日間有効）。
{{ edit_url }}
"""
        + SIGNATURE,
    ),
    "edit_link": (
        "【総務省】人材プール協力企業・団体の登録内容の変更用リンク（受付番号 {{ registration.receipt_number }}）",
        """{{ registration.company_name }}
{{ registration.contact_name }} 様

{% if changed %}登録内容の変更を受け付けました（受付番号 {{ registration.receipt_number }}）。
{% else %}登録内容の変更用リンクの請求を受け付けました（受付番号 {{ registration.receipt_number }}）。
{% endif %}
次のリンクから、登録内容の変更や取下げができます（{{ link_days }}日間有効）。
これより前にお送りしたリンクは使えなくなりました。
{{ edit_url }}

お心当たりがない場合は、このメールを破棄してください。
"""
        + SIGNATURE,
    ),
    "retiree_info": (
        "【総務省】退職者への周知についての詳細情報（人材プール協力企業・団体）",
        """{{ registration.company_name }}
{{ registration.contact_name }} 様

人材プール協力企業・団体の登録で、退職者への本事業の周知に「周知可能」とご回答いただき、ありがとうございます。

都道府県では、市町村のDXを支援するデジタル人材（任期付職員・非常勤職員など）を募集しています。
退職される方・退職された方に、次の情報をお知らせいただけますと幸いです。

・各都道府県の募集情報は、総務省ウェブサイトの「人材プール」のページに掲載しています。
・ご関心のある方は、希望する都道府県の担当窓口に直接お問い合わせください。

周知用の資料が必要な場合は、受付番号（{{ registration.receipt_number }}）を添えて担当までご連絡ください。
"""
        + SIGNATURE,
    ),
    "withdrawn": (
        "【総務省】人材プール協力企業・団体の登録の取下げを受け付けました（受付番号 {{ registration.receipt_number }}）",
        """{{ registration.company_name }}
{{ registration.contact_name }} 様

人材プール協力企業・団体の登録の取下げを受け付けました（受付番号 {{ registration.receipt_number }}）。
公開一覧と都道府県への情報提供から外しました。これまでのご協力に感謝申し上げます。

お心当たりがない場合は、受付番号を添えて担当までご連絡ください。
"""
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
    dependencies = [("registry", "0005_company_edits_and_mail_templates")]

    operations = [migrations.RunPython(seed_templates, unseed_templates)]
