from django.core.management.base import BaseCommand

from registry.reconfirmation import reconfirmation_reminders_send


class Command(BaseCommand):
    help = (
        "年次確認に回答のない登録へ、送付から設定の日数（RECONFIRMATION_REMINDER_DAYS、"
        "既定 14日後と28日後）が過ぎたときに再送します。毎日実行してください。"
    )

    def handle(self, *args, **options):
        reminded = reconfirmation_reminders_send()
        self.stdout.write(f"年次確認の再送: {reminded}件")
