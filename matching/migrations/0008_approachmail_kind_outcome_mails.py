"""The company or person is told when a prefecture records 面談 or 任用決定 for their 打診
(matching.mail.outcome_mail_queue): the 打診's outbox learns the kind of each mail (every earlier
row is a 打診 mail), one of each news per 打診 (the constraint), and the texts for 総務省 to edit."""

from django.db import migrations, models

from portal.mail_texts import shipped_texts_operation

_ABOUT = """\
■ このメールについて
ご登録への打診（ご相談）の状況をお知らせするため、
{{ need.office_display }}の記録にもとづき、
{{ contact.office }}からお送りしています。
ご登録についての連絡のため、配信の停止はできません。
募集については上の応募・問合せ先へ、
ポータルについては下記のお問い合わせ先へお願いします。
"""

_CONTACT = """\
■ 応募・問合せ先（{{ need.office_display }}）
{% if need.contact %}{{ need.contact }}{% else %}{{ need.office_display }}にお問い合わせください。{% endif %}
"""

TEXTS = {
    "matching.interview": (
        "【{{ need.office_display }}】面談に進みます「{{ need.title }}」（受付番号 {{ approach.recipient_receipt_number }}）",
        """\
{{ approach.recipient_name }} {% if approach.registration_id %}ご担当者{% endif %}様

{{ need.office_display }}は、
募集「{{ need.title }}」についてのご相談を「面談」に進めると記録しました。

■ これからのこと
面談の日時や方法は、{{ need.office_display }}から直接ご連絡します。
しばらく連絡がない場合や、ご都合が変わった場合は、
下の応募・問合せ先へご連絡ください。

"""
        + _CONTACT
        + "\n"
        + _ABOUT,
    ),
    "matching.hired": (
        "【{{ need.office_display }}】任用が決まりました「{{ need.title }}」（受付番号 {{ approach.recipient_receipt_number }}）",
        """\
{{ approach.recipient_name }} {% if approach.registration_id %}ご担当者{% endif %}様

{{ need.office_display }}は、
募集「{{ need.title }}」について、
{% if approach.registration_id %}貴社・貴団体から{% if approach.seconded_count %}{{ approach.seconded_count }}人の{% endif %}出向を受けることを決定（任用決定）と記録しました。{% else %}あなたの任用を決定（任用決定）と記録しました。{% endif %}

■ これからのこと
{% if approach.registration_id %}出向の時期や条件、必要な書類などの手続きは、{% else %}勤務の開始日や条件、必要な書類などの手続きは、{% endif %}
{{ need.office_display }}から直接ご連絡します。
ご不明な点は、下の応募・問合せ先へご連絡ください。

"""
        + _CONTACT
        + "\n"
        + _ABOUT,
    ),
}


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0007_approach_follow_up_and_reply_seen"),
        ("portal", "0006_mail_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="approachmail",
            name="kind",
            field=models.CharField(
                choices=[
                    ("approach", "打診のメール"),
                    ("interview", "面談のお知らせ"),
                    ("hired", "任用決定のお知らせ"),
                ],
                default="approach",
                max_length=20,
                verbose_name="種類",
            ),
        ),
        migrations.AddConstraint(
            model_name="approachmail",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind__in", ["interview", "hired"])),
                fields=("approach", "kind"),
                name="matching_approachmail_once_per_kind",
                violation_error_message="このお知らせはすでに送っています。",
            ),
        ),
        shipped_texts_operation(TEXTS),
    ]
