"""Every mail text now lives in portal.MailText (one mechanism for every app): the company mail
texts move there from registry.MailTemplate, which goes. The texts below are the ones shipped so
far (0006 and 0011 as 0013 and 0019 brought them up to date); a text 総務省 staff rewrote moves
as they left it, and stays marked as edited (it differs from the shipped one)."""

from django.db import migrations

from portal.mail_texts import shipped_texts_load, shipped_texts_unload

TEXTS = {
    "registry.receipt": (
        "【総務省】人材プール協力企業・団体の登録を受け付けました（受付番号 {{ registration.receipt_number }}）",
        """\
{{ registration.company_name }}
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
{{ published_summary }}は、総務省で確認のうえ総務省ウェブサイトに掲載します。

■ 登録内容の変更・取下げ
次のリンクから、登録内容の変更や取下げができます（{{ link_days }}日間有効。他の方に転送しないでください）。
{{ edit_url }}
期限が切れた場合は、{{ request_url }} から新しいリンクを請求できます。

このメールは送信専用アドレスからお送りしています。
総務省 自治体DX 人材プール担当
""",
    ),
    "registry.returned": (
        "【総務省】人材プール協力企業・団体の登録内容のご確認のお願い（受付番号 {{ registration.receipt_number }}）",
        """\
{{ registration.company_name }}
{{ registration.contact_name }} 様

人材プール協力企業・団体にご登録いただいた内容（受付番号 {{ registration.receipt_number }}）について、
総務省から確認させていただきたい点があります。

■ 総務省からの連絡事項
{{ message }}

お手数ですが、次のリンクから登録内容を修正してください（{{ link_days }}日間有効）。
{{ edit_url }}

このメールは送信専用アドレスからお送りしています。
総務省 自治体DX 人材プール担当
""",
    ),
    "registry.edit_link": (
        "【総務省】人材プール協力企業・団体の登録内容の変更用リンク（受付番号 {{ registration.receipt_number }}）",
        """\
{{ registration.company_name }}
{{ registration.contact_name }} 様

{% if changed %}登録内容の変更を受け付けました（受付番号 {{ registration.receipt_number }}）。
{% else %}登録内容の変更用リンクの請求を受け付けました（受付番号 {{ registration.receipt_number }}）。
{% endif %}
次のリンクから、登録内容の変更や取下げができます（{{ link_days }}日間有効）。
これより前にお送りしたリンクは使えなくなりました。
{{ edit_url }}

{% if changed %}この変更にお心当たりがない場合は、ほかの方がリンクを使ったおそれがあります。
受付番号を添えて、すぐに{{ contact.office }}（下記のお問い合わせ先）までご連絡ください。
{% else %}お心当たりがない場合は、このメールを破棄してください（登録内容は変わっていません）。
{% endif %}
このメールは送信専用アドレスからお送りしています。
総務省 自治体DX 人材プール担当
""",
    ),
    "registry.retiree_info": (
        "【総務省】退職者への周知についての詳細情報（人材プール協力企業・団体）（受付番号 {{ registration.receipt_number }}）",
        """\
{{ registration.company_name }}
{{ registration.contact_name }} 様

人材プール協力企業・団体の登録で、退職者への本事業の周知に「周知可能」とご回答いただき、ありがとうございます。

都道府県では、市町村のDXを支援するデジタル人材（任期付職員・非常勤職員など）を募集しています。
退職される方・退職された方に、次の情報をお知らせいただけますと幸いです。

・各都道府県の募集情報は、総務省ウェブサイトの「人材プール」のページに掲載しています。
・ご関心のある方は、希望する都道府県の担当窓口に直接お問い合わせください。

周知用の資料が必要な場合は、受付番号（{{ registration.receipt_number }}）を添えて担当までご連絡ください。

このメールは送信専用アドレスからお送りしています。
総務省 自治体DX 人材プール担当
""",
    ),
    "registry.withdrawn": (
        "【総務省】人材プール協力企業・団体の登録の取下げを受け付けました（受付番号 {{ registration.receipt_number }}）",
        """\
{{ registration.company_name }}
{{ registration.contact_name }} 様

人材プール協力企業・団体の登録の取下げを受け付けました（受付番号 {{ registration.receipt_number }}）。
公開一覧と都道府県への情報提供から外しました。これまでのご協力に感謝申し上げます。

お心当たりがない場合は、受付番号を添えて、すぐに{{ contact.office }}
（下記のお問い合わせ先）までご連絡ください。

このメールは送信専用アドレスからお送りしています。
総務省 自治体DX 人材プール担当
""",
    ),
    "registry.reconfirmation": (
        "【総務省】人材プール協力企業・団体の登録内容のご確認のお願い（受付番号 {{ registration.receipt_number }}）",
        """\
{{ registration.company_name }}
{{ registration.contact_name }} 様

人材プール協力企業・団体にご登録いただき、ありがとうございます（受付番号 {{ registration.receipt_number }}）。
都道府県に正しい情報をお届けするため、年に1回、登録内容が今も正しいかのご確認をお願いしています
（前回のご確認：{{ registration.last_confirmed_at|date:"Y年n月j日" }}）。

■ 確認の方法
次のページを開き、内容に変更がなければ「変更なし」を押してください（1回押すだけで完了します）。
変更がある場合は、同じページから変更の画面に進めます。
{{ reconfirm_url }}

回答期限：{{ deadline|date:"Y年n月j日" }}
期限までにご確認いただけない場合、ご確認いただけるまで総務省ウェブサイトの一覧と
都道府県への情報提供から外れます（登録は削除されません）。

■ 現在の登録内容
{% for row in rows %}
問{{ row.number }} {{ row.question }}
{% for line in row.lines %}  {{ line }}
{% endfor %}{% endfor %}
このメールは送信専用アドレスからお送りしています。
総務省 自治体DX 人材プール担当
""",
    ),
    "registry.reconfirm_remind": (
        "【総務省】（再送）人材プール協力企業・団体の登録内容のご確認のお願い（受付番号 {{ registration.receipt_number }}）",
        """\
{{ registration.company_name }}
{{ registration.contact_name }} 様

先日お送りした、人材プール協力企業・団体の登録内容（受付番号 {{ registration.receipt_number }}）の
ご確認のお願いについて、まだご回答をいただいていないため、再度お送りします。
すでにご確認いただいた場合は、このメールは破棄してください。

■ 確認の方法
次のページを開き、内容に変更がなければ「変更なし」を押してください（1回押すだけで完了します）。
変更がある場合は、同じページから変更の画面に進めます。
{{ reconfirm_url }}

回答期限：{{ deadline|date:"Y年n月j日" }}
期限までにご確認いただけない場合、ご確認いただけるまで総務省ウェブサイトの一覧と
都道府県への情報提供から外れます（登録は削除されません）。

■ 現在の登録内容
{% for row in rows %}
問{{ row.number }} {{ row.question }}
{% for line in row.lines %}  {{ line }}
{% endfor %}{% endfor %}
このメールは送信専用アドレスからお送りしています。
総務省 自治体DX 人材プール担当
""",
    ),
}


def forwards(apps, schema_editor):
    shipped_texts_load(apps, TEXTS)
    texts = apps.get_model("portal", "MailText").objects
    for old in apps.get_model("registry", "MailTemplate").objects.all():
        texts.filter(key=f"registry.{old.kind}").update(
            subject=old.subject, body=old.body, updated_at=old.updated_at
        )


def backwards(apps, schema_editor):
    templates = apps.get_model("registry", "MailTemplate").objects
    for text in apps.get_model("portal", "MailText").objects.filter(key__in=TEXTS):
        templates.update_or_create(
            kind=text.key.removeprefix("registry."),
            defaults={"subject": text.subject, "body": text.body},
        )
    shipped_texts_unload(apps, TEXTS)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0021_shared_entry_fields"),
        ("portal", "0006_mail_text"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="MailTemplate"),
    ]
