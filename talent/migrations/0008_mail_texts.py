"""The texts of the mails to 協力可能人材 entries (until now the files templates/talent/mail/*.txt),
shipped as mail texts that 総務省 staff edit in the admin (portal.mail_texts)."""

from django.db import migrations

from portal.mail_texts import shipped_texts_operation

TEXTS = {
    "talent.receipt": (
        "【受付番号 {{ specialist.receipt_number }}】協力可能人材の登録を受け付けました",
        """\
{{ specialist.name }} 様

協力可能人材への登録を受け付けました。
受付番号：{{ specialist.receipt_number }}

総務省で内容を確認し、確認後、あなたが選んだ都道府県にだけ提供します。
公開はしません。

■ ご回答の内容
{% for row in rows %}
【{{ row.question }}】
{% for line in row.lines %}{{ line }}
{% endfor %}{% endfor %}
■ 登録内容の変更・取下げ・個人情報の消去
次のリンクから行えます（{{ link_days }}日間有効）。
{{ edit_url }}

リンクの有効期限が切れた場合は、次のページから新しいリンクを請求してください。
{{ request_url }}
""",
    ),
    "talent.returned": (
        "【受付番号 {{ specialist.receipt_number }}】協力可能人材の登録内容のご確認のお願い",
        """\
{{ specialist.name }} 様

協力可能人材の登録（受付番号 {{ specialist.receipt_number }}）について、
総務省から次の連絡があります。

{{ message }}

登録内容は次のリンクから直せます（{{ link_days }}日間有効）。
{{ edit_url }}
""",
    ),
    "talent.edit_link": (
        "【受付番号 {{ specialist.receipt_number }}】協力可能人材の登録内容の変更用リンク",
        """\
{{ specialist.name }} 様

{% if changed %}登録内容を変更しました。次に変更するときは、このメールのリンクをお使いください。
{% else %}協力可能人材の登録内容の変更用リンクをお送りします。
{% endif %}以前のリンクは使えなくなりました。

受付番号：{{ specialist.receipt_number }}

変更・取下げ・個人情報の消去（{{ link_days }}日間有効）：
{{ edit_url }}

{% if changed %}この変更に心当たりがない場合は、ほかの人がリンクを使ったおそれがあります。
受付番号を添えて、すぐに{{ contact.office }}（下記のお問い合わせ先）までご連絡ください。
{% else %}このメールに心当たりがない場合は、何もする必要はありません（登録内容は変わっていません）。
{% endif %}
""",
    ),
    "talent.withdrawn": (
        "【受付番号 {{ specialist.receipt_number }}】協力可能人材の登録を取り下げました",
        """\
{{ specialist.name }} 様

協力可能人材の登録（受付番号 {{ specialist.receipt_number }}）を取り下げました。
都道府県への提供を止めました。

個人情報の消去を希望される場合は、お問い合わせ先までご連絡ください。
この取下げに心当たりがない場合は、受付番号を添えて、すぐに{{ contact.office }}
（下記のお問い合わせ先）までご連絡ください。
""",
    ),
    "talent.erased": (
        "【受付番号 {{ receipt_number }}】協力可能人材の登録の個人情報を消去しました",
        """\
ご依頼により、協力可能人材の登録（受付番号 {{ receipt_number }}）の
個人情報を消去しました。
氏名、連絡先、経歴、自己PRなどは残っていません。
受付番号と登録・消去の日付だけを記録として残します。
""",
    ),
    "talent.reconfirmation": (
        "【受付番号 {{ specialist.receipt_number }}】協力可能人材の登録内容のご確認のお願い",
        """\
{{ specialist.name }} 様

協力可能人材にご登録いただき、ありがとうございます。
受付番号：{{ specialist.receipt_number }}

都道府県に正しい情報をお届けするため、年に1回、登録内容が今も正しいかの
ご確認をお願いしています（前回のご確認：{{ specialist.last_confirmed_at|date:"Y年n月j日" }}）。

■ 確認の方法
次のページを開き、内容に変更がなければ「変更なし」を押してください。
1回押すだけで完了します。
変更がある場合は、同じページから変更の画面に進めます。
{{ reconfirm_url }}

回答期限：{{ deadline|date:"Y年n月j日" }}
期限までにご確認いただけない場合、ご確認いただけるまで
都道府県への情報提供から外れます（登録は削除されません）。
登録をやめる場合は、変更の画面から取下げ・個人情報の消去ができます。

■ 現在の登録内容
{% for row in rows %}
【{{ row.question }}】
{% for line in row.lines %}{{ line }}
{% endfor %}{% endfor %}
""",
    ),
    "talent.reconfirm_reminder": (
        "【受付番号 {{ specialist.receipt_number }}】（再送）協力可能人材の登録内容のご確認のお願い",
        """\
{{ specialist.name }} 様

先日お送りした、協力可能人材の登録内容のご確認のお願いについて、
まだご回答をいただいていないため、再度お送りします。
すでにご確認いただいた場合は、このメールは破棄してください。
受付番号：{{ specialist.receipt_number }}

■ 確認の方法
次のページを開き、内容に変更がなければ「変更なし」を押してください。
1回押すだけで完了します。
変更がある場合は、同じページから変更の画面に進めます。
{{ reconfirm_url }}

回答期限：{{ deadline|date:"Y年n月j日" }}
期限までにご確認いただけない場合、ご確認いただけるまで
都道府県への情報提供から外れます（登録は削除されません）。
登録をやめる場合は、変更の画面から取下げ・個人情報の消去ができます。

■ 現在の登録内容
{% for row in rows %}
【{{ row.question }}】
{% for line in row.lines %}{{ line }}
{% endfor %}{% endfor %}
""",
    ),
}


class Migration(migrations.Migration):
    dependencies = [
        ("talent", "0007_shared_entry_fields"),
        ("portal", "0006_mail_text"),
    ]

    operations = [shipped_texts_operation(TEXTS)]
