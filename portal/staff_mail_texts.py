"""The texts of portal's own mails, declared to portal.mail_texts as one (an app declares one
`mail_texts`): the staff account mails and the staff notifications."""

from .mail_texts import MailKind
from .notifications import MAIL_TEXTS as NOTIFICATION_TEXTS
from .staff_accounts import MAIL_TEXTS as ACCOUNT_TEXTS

MAIL_TEXTS: tuple[MailKind, ...] = (*ACCOUNT_TEXTS, *NOTIFICATION_TEXTS)
