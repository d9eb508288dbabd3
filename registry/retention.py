"""The registry's part of the daily retention run (portal.retention).

個人情報保護法 asks that personal data no longer needed be erased without delay:
- once a registration has been 取下げ or 重複 for settings.REGISTRATION_RETENTION_DAYS, its
  contact's details and free text are erased, from the registration, from every row of its
  history and from the comments of its status changes; its mails are erased (address, subject,
  body), and so is every copy other apps keep (the 打診 sent to it, and its replies). The
  company name, receipt number, dates and state stay, so the record of what happened remains
  (its history too: a company's registration is a record of the company, not of a person);
- the address and body of its mails go settings.MAIL_RETENTION_DAYS after 取下げ or 重複, if
  that period is the shorter (the 打診's mails and replies: matching.retention).

The admin's own log names a registration by receipt number and company name, which stay: it
needs no erasure (a talent entry's names its person: talent.retention renames it).
"""

from portal.retention import HISTORY_BLANKED, Retention

from .models import Registration

RETENTION = Retention(
    model=Registration,
    label="協力企業・団体の登録",
    days_setting="REGISTRATION_RETENTION_DAYS",
    personal_fields={
        "contact_name": "ご担当者様のお名前",
        "contact_name_kana": "ふりがな",
        "email": "メールアドレス",
        "phone": "電話番号",
        "department": "担当部署",
        "scheme_support_record": "支援実績（自由記述）",
        "message": "備考欄（自由記述）",
        "withdrawal_reason": "取下げの理由",
    },
    history=HISTORY_BLANKED,
    # The duplicate keys and the phone as shown are copies of what is erased.
    erased_values={"email_key": "", "phone_formatted": ""},
)
