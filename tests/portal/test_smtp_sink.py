"""The test mail server receives what Django's SMTP backend sends, whole."""

import smtplib

from django.core import mail

from tests.smtp_sink import SMTPSink


def test_django_s_smtp_backend_delivers_into_the_sink(smtp_sink):
    sent = mail.EmailMessage(
        "件名：招待", "本文の一行目\n.で始まる行\n", "from@example.go.jp", ["to@example.jp"]
    ).send()

    assert sent == 1
    received = smtp_sink.wait_for(seconds=5)
    assert received["Subject"] == "件名：招待"
    assert received.rcpt_to == ["to@example.jp"]
    assert received.mail_from == "from@example.go.jp"
    assert received.body == "本文の一行目\n.で始まる行\n"


def test_the_sink_answers_rset_noop_and_helo_and_keeps_nothing_unfinished():
    with SMTPSink() as sink:
        with smtplib.SMTP(sink.host, sink.port, timeout=5) as client:
            assert client.helo()[0] == 250
            assert client.noop()[0] == 250
            client.mail("a@example.jp")
            client.rcpt("b@example.jp")
            assert client.rset()[0] == 250
            assert client.docmd("DATA")[0] == 503  # the envelope was reset
            assert client.docmd("RCPT", "TO:<b@example.jp>")[0] == 503
        assert sink.messages == []
