"""The person is told when their entry is first provided to prefectures (talent.mail.listed_queue):
a new kind of mail, once per entry (the constraint), and its text for 総務省 to edit."""

from django.db import migrations, models

from portal.mail_texts import shipped_texts_operation

TEXTS = {
    "talent.listed": (
        "【受付番号 {{ specialist.receipt_number }}】協力可能人材の登録を都道府県に提供しました",
        """\
{{ specialist.name }} 様

協力可能人材の登録（受付番号 {{ specialist.receipt_number }}）を総務省で確認し、
あなたが勤務を希望する都道府県に提供しました。公開はしません。

■ これからのこと
都道府県の職員が登録内容を見て、募集についてのご相談（打診）を
メールでお送りすることがあります。
打診のメールには、都道府県の担当部署と応募・問合せ先が書かれています。

■ 登録内容の変更・取下げ・個人情報の消去
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
        ("talent", "0009_erased_has_erased_at"),
        ("portal", "0006_mail_text"),
    ]

    operations = [
        migrations.AlterField(
            model_name="specialistmail",
            name="kind",
            field=models.CharField(
                choices=[
                    ("receipt", "受付メール"),
                    ("returned", "差戻しの連絡"),
                    ("edit_link", "変更用リンク"),
                    ("withdrawn", "取下げの受付"),
                    ("erased", "消去の完了"),
                    ("reconfirmation", "年次確認のお願い"),
                    ("reconfirm_reminder", "年次確認のお願い（再送）"),
                    ("listed", "都道府県への提供のお知らせ"),
                ],
                max_length=20,
                verbose_name="種類",
            ),
        ),
        migrations.AddConstraint(
            model_name="specialistmail",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind__in", ["listed"])),
                fields=("specialist", "kind"),
                name="talent_specialistmail_once_per_kind",
                violation_error_message="このお知らせはすでに送っています。",
            ),
        ),
        shipped_texts_operation(TEXTS),
    ]
