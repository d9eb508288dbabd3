from django.core.management.base import BaseCommand, CommandError

from registry.mail import receipts_resend


class Command(BaseCommand):
    help = "受付メールが未送信の登録に、受付メールを再送します。"

    def handle(self, *args, **options):
        sent, failed = receipts_resend()
        self.stdout.write(f"再送: {sent}件、失敗: {failed}件")
        if failed:
            raise CommandError("送信できなかった受付メールがあります。ログを確認してください。")
