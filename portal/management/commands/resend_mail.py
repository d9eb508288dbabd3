from django.core.management.base import BaseCommand, CommandError

from portal.mail import app_hooks


class Command(BaseCommand):
    help = (
        "送信できていないメール（受付メール、差戻しの連絡、年次確認のお願いなど）を、"
        "協力企業・団体と協力可能人材のそれぞれについて送信・再送します。"
    )

    def handle(self, *args, **options):
        # Each app declares its outbox (AppConfig.mail_resend); portal knows no app.
        sent = failed = 0
        for _, resend in app_hooks("mail_resend"):
            done, not_done = resend()
            sent, failed = sent + done, failed + not_done
        self.stdout.write(f"再送: {sent}件、失敗: {failed}件")
        if failed:
            raise CommandError("送信できなかったメールがあります。ログを確認してください。")
