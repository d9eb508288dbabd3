from django.core.management.base import BaseCommand, CommandError

from registry.mail import mails_resend


class Command(BaseCommand):
    help = "送信できていないメール（受付メール、差戻しの連絡など）を再送します。"

    def handle(self, *args, **options):
        sent, failed = mails_resend()
        self.stdout.write(f"再送: {sent}件、失敗: {failed}件")
        if failed:
            raise CommandError("送信できなかったメールがあります。ログを確認してください。")
