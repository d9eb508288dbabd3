from typing import Any

from django.core.management.base import BaseCommand

from portal.hooks import app_hooks


class Command(BaseCommand):
    help = (
        "年次確認に回答のない登録（協力企業・団体、協力可能人材）へ、送付から設定の日数"
        "（RECONFIRMATION_REMINDER_DAYS、既定 14日後と28日後）が過ぎたときに再送します。"
        "毎日実行してください。"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # Each app declares its reconfirmation (AppConfig.reconfirmation); portal knows no app.
        for _, reconfirmation in app_hooks("reconfirmation"):
            reminded = reconfirmation.reminders_send()
            label = reconfirmation.entry_model._meta.verbose_name
            self.stdout.write(f"年次確認の再送（{label}）: {reminded}件")
