"""A small SMTP server on loopback that receives and keeps every message (standard library only).

It speaks enough SMTP for Django's SMTP backend and for smtplib: EHLO/HELO, MAIL, RCPT, DATA (with
dot-unstuffing), RSET, NOOP, QUIT. Each message is kept as an email.message.EmailMessage with
its envelope (`SMTPSink.messages`); `wait_for` lets a test wait for a worker in another process.

    with SMTPSink() as sink:            # listens on 127.0.0.1, a free port (sink.port)
        ...                             # point EMAIL_HOST/EMAIL_PORT at it (the `smtp_sink` fixture)
        message = sink.wait_for(lambda m: "招待" in m["Subject"])
"""

import socketserver
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import pytest


@dataclass
class Received:
    mail_from: str
    rcpt_to: list[str]
    message: EmailMessage

    def __getitem__(self, header: str) -> str:
        return str(self.message[header])

    @property
    def body(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        assert part is not None
        return part.get_content()


@dataclass
class _Envelope:
    mail_from: str = ""
    rcpt_to: list[str] = field(default_factory=list)


class _Handler(socketserver.StreamRequestHandler):
    server: "_Server"

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode("ascii"))
        self.wfile.flush()

    def handle(self) -> None:
        self.reply("220 smtp-sink ready")
        envelope = _Envelope()
        while raw := self.rfile.readline(65536):
            command, _, argument = raw.decode("utf-8", "replace").rstrip("\r\n").partition(" ")
            verb = command.upper()
            if verb == "EHLO":
                self.wfile.write(b"250-smtp-sink\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n")
                self.reply("250 SIZE 10485760")
            elif verb == "HELO":
                self.reply("250 smtp-sink")
            elif verb == "MAIL":
                envelope = _Envelope(mail_from=_address(argument))
                self.reply("250 OK")
            elif verb == "RCPT":
                if not envelope.mail_from:
                    self.reply("503 MAIL first")
                    continue
                envelope.rcpt_to.append(_address(argument))
                self.reply("250 OK")
            elif verb == "DATA":
                if not envelope.rcpt_to:
                    self.reply("503 RCPT first")
                    continue
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                self.server.keep(envelope, self._data())
                envelope = _Envelope()
                self.reply("250 OK: queued")
            elif verb == "RSET":
                envelope = _Envelope()
                self.reply("250 OK")
            elif verb == "NOOP":
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")

    def _data(self) -> bytes:
        lines = []
        while (line := self.rfile.readline(1 << 20)) not in (b".\r\n", b".\n", b""):
            line = line[1:] if line.startswith(b"..") else line  # dot-unstuffing
            lines.append(line.rstrip(b"\r\n") + b"\n")  # stored with LF, as a mailbox would
        return b"".join(lines)


def _address(argument: str) -> str:
    """The address of `FROM:<a@b> SIZE=…` or `TO:<a@b>`."""
    value = argument.partition(":")[2].strip()
    return value[1 : value.index(">")] if value.startswith("<") else value.split()[0]


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, sink: "SMTPSink") -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.sink = sink

    def keep(self, envelope: _Envelope, data: bytes) -> None:
        message = BytesParser(policy=policy.default).parsebytes(data)
        assert isinstance(message, EmailMessage)
        with self.sink.lock:
            self.sink.messages.append(Received(envelope.mail_from, envelope.rcpt_to, message))


class SMTPSink:
    """The server, running in a thread of its own from construction until close()."""

    def __init__(self) -> None:
        self.messages: list[Received] = []
        self.lock = threading.Lock()
        self._server = _Server(self)
        self.host, self.port = self._server.server_address[:2]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def wait_for(
        self, matches: Callable[[Received], bool] = lambda _: True, *, seconds: float = 30
    ) -> Received:
        """The first message kept that `matches`, waiting up to `seconds` for it to arrive."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with self.lock:
                found = [message for message in self.messages if matches(message)]
            if found:
                return found[0]
            time.sleep(0.05)
        raise AssertionError(f"No such message within {seconds} s; received: {self.messages}")

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "SMTPSink":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@pytest.fixture
def smtp_sink(settings):
    """An SMTPSink, with Django's SMTP backend pointed at it for the test."""
    with SMTPSink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = sink.host
        settings.EMAIL_PORT = sink.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        yield sink
