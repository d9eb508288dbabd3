from typing import Any

from django.core.management.base import BaseCommand, CommandError

from portal.outbox import outbox_resend


class Command(BaseCommand):
    help = (
        "送信できていないメール（すべてのアプリの送信メール）を送ります。"
        "送信中のまま止まったワーカーのメールも、期限（MAIL_CLAIM_SECONDS）が過ぎれば送ります。"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent, failed = outbox_resend()
        self.stdout.write(f"再送: {sent}件、失敗: {failed}件")
        if failed:
            raise CommandError("送信できなかったメールがあります。ログを確認してください。")
