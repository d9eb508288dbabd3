from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.models import RetentionRun
from portal.tasks import TaskFailed, retention_run, task_value


class Command(BaseCommand):
    help = (
        "保存期間を過ぎた個人情報を消去します（portal.retention）: 取下げ・重複から "
        "REGISTRATION_RETENTION_DAYS 日を過ぎた協力企業・団体の登録の担当者の情報と自由記述、"
        "TALENT_RETENTION_DAYS 日を過ぎた協力可能人材の個人情報（どちらも変更履歴・送信メール・"
        "打診の返答を含む）、募集の終了または相手の取下げから MAIL_RETENTION_DAYS 日を過ぎた"
        "メールの宛先・本文と打診の返答、期限（1時間）の切れた取込み、LOGIN_LOG_RETENTION_DAYS 日"
        "を過ぎたログインの記録（既定はいずれも365日）。実行ごとに記録を残します。毎日実行して"
        "ください（同時に2回動いても、同じものを2回消去することはありません）。"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # On the queue, so that one worker runs it whichever server's cron fired.
        result = retention_run.enqueue()
        try:
            done = task_value(result)
        except TaskFailed as failure:
            raise CommandError(
                f"消去に失敗しました（{failure}）。何も消去していません。ログを確認してください。"
            ) from failure
        if done is None:
            self.stdout.write(
                f"消去を作業キューに入れました（{result.id}）。結果は記録に残ります。"
            )
            return
        run = RetentionRun.objects.get(pk=done["run"])
        for part in run.report:
            counts = "".join(f"、{what}: {count}" for what, count in part["counts"].items())
            self.stdout.write(
                f"{part['label']}: 個人情報を消去した{part['entries']}件（{part['rule']}）{counts}"
            )
        self.stdout.write(
            f"期限切れの取込み: {run.pending_imports}件、"
            f"{settings.LOGIN_LOG_RETENTION_DAYS}日を過ぎたログインの記録: {run.login_logs}件"
        )
