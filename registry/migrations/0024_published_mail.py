"""The company is told when its registration is 掲載 (registry.mail.published_queue): a new kind
of mail, once per registration (the constraint), and its text for 総務省 to edit."""

from django.db import migrations, models

from portal.mail_texts import shipped_texts_operation

TEXTS = {
    "registry.published": (
        "【総務省】人材プール協力企業・団体に掲載しました（受付番号 {{ registration.receipt_number }}）",
        """\
{{ registration.company_name }}
{{ registration.department }}
{{ registration.contact_name }} 様

人材プール協力企業・団体にご登録いただいた内容（受付番号 {{ registration.receipt_number }}）を
総務省で確認し、人材プールに掲載しました。

■ これからのこと
・{{ published_summary }}を、協力企業・団体の一覧で公表しました。
{{ companies_url }}
・出向可能地域として選ばれた都道府県の職員が登録内容を見て、
出向などのご相談（打診）をメールでお送りすることがあります。
打診のメールには、都道府県の担当部署と応募・問合せ先が書かれています。

■ 登録内容の変更・取下げ
受付のメールでお送りした変更用リンクから行えます。
リンクの期限が切れた場合は、次のページから新しいリンクを請求できます。
{{ request_url }}

■ このメールについて
ご登録の状況をお知らせするため、
{{ contact.office }}からお送りしています。
ご登録についての連絡のため、配信の停止はできません。
ご不明な点は、受付番号を添えて、下記のお問い合わせ先までご連絡ください。
""",
    ),
}


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0023_public_list_version_triggers"),
        ("portal", "0006_mail_text"),
    ]

    operations = [
        migrations.AlterField(
            model_name="outgoingmail",
            name="kind",
            field=models.CharField(
                choices=[
                    ("receipt", "受付メール"),
                    ("returned", "差戻しの連絡"),
                    ("edit_link", "変更用リンク"),
                    ("retiree_info", "退職者への周知の詳細情報"),
                    ("withdrawn", "取下げの受付"),
                    ("reconfirmation", "年次確認のお願い"),
                    ("reconfirm_remind", "年次確認のお願い（再送）"),
                    ("published", "掲載のお知らせ"),
                ],
                max_length=20,
                verbose_name="種類",
            ),
        ),
        migrations.AddConstraint(
            model_name="outgoingmail",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind__in", ["published"])),
                fields=("registration", "kind"),
                name="registry_outgoingmail_once_per_kind",
                violation_error_message="このお知らせはすでに送っています。",
            ),
        ),
        shipped_texts_operation(TEXTS),
    ]
