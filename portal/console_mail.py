"""The development mail backend: each mail printed to the runserver output as a person reads it.

Django's console backend prints the message as it travels: a Japanese subject or sender name is
MIME-encoded (=?utf-8?b?…?=) and long headers are folded. This one prints the same headers decoded,
one per line, then the plain-text body, and names any attachment instead of dumping it. Settings
use it under DEBUG unless EMAIL_BACKEND says otherwise; production sends by SMTP.
"""

from email.header import decode_header, make_header
from typing import Any

from django.core.mail import EmailMessage
from django.core.mail.backends import console


def header_readable(value: Any) -> str:
    """A header as text: encoded words decoded, folded lines joined."""
    text = str(make_header(decode_header(str(value))))
    return " ".join(text.split())


class EmailBackend(console.EmailBackend):
    def write_message(self, message: EmailMessage) -> None:
        mime = message.message()
        for name, value in mime.items():
            if name.lower() not in {"content-type", "content-transfer-encoding", "mime-version"}:
                self.stream.write(f"{name}: {header_readable(value)}\n")
        self.stream.write(f"\n{message.body.rstrip()}\n")
        for extra in [*getattr(message, "alternatives", []), *message.attachments]:
            self.stream.write(f"[添付: {_described(extra)}]\n")
        self.stream.write("-" * 79)
        self.stream.write("\n")


def _described(extra: Any) -> str:
    """An attachment (file name, content, type) or an alternative (content, type) in a few words."""
    if hasattr(extra, "get_content_type"):  # a MIME part attached as it is
        return extra.get_filename() or extra.get_content_type()
    if len(extra) == 3:
        name, _, content_type = extra
        return f"{name}（{content_type}）"
    return f"別の形式（{extra[1]}）"
