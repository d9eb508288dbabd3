"""The texts of the 打診 mail (until now the files templates/matching/mail/approach_*.txt),
shipped as mail texts that 総務省 staff edit in the admin (portal.mail_texts)."""

from django.db import migrations

from portal.mail_texts import shipped_texts_operation

TEXTS = {
    "matching.approach": (
        "【{{ need.office_display }}】デジタル人材の募集についてのご相談「{{ need.title }}」（受付番号 {{ approach.recipient_receipt_number }}）",
        """\
{{ approach.recipient_name }} {% if approach.registration_id %}ご担当者{% endif %}様

{{ need.office_display }}より
自治体DX 人材プールポータルのご登録内容を拝見し、
次の募集についてご相談したく、ご連絡しました。

■ 募集の内容
名称：{{ need.title }}
勤務地：{{ need.workplace_display }}
勤務形態：{{ need.work_style_labels|join:"、" }}
期間：{{ need.get_period_display }}
人数：{{ need.headcount }}人
開始時期：{{ need.start_month|date:"Y年n月" }}
{% if need.specialties.all %}求める得意分野：{% for specialty in need.specialties.all %}{{ specialty.name }}{% if not forloop.last %}、{% endif %}{% endfor %}
{% endif %}
業務内容：
{{ need.duties }}

■ ご関心の有無をお知らせください
次のリンクから「関心あり」または「今回は見送り」を選べます（{{ link_days }}日間有効。アカウントは不要です）。
{{ answer_url }}

■ 応募・問合せ先（{{ need.office_display }}）
{{ need.contact }}

このメールは、{{ need.office_display }}の依頼で、
自治体DX 人材プールポータル（総務省）から送っています。
募集についてのお問い合わせは、上の応募・問合せ先へお願いします。
""",
    ),
}


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0005_need_department"),
        ("portal", "0006_mail_text"),
    ]

    operations = [shipped_texts_operation(TEXTS)]
