from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.tasks import TaskFailed, task_value
from registry.tasks import retention_run


class Command(BaseCommand):
    help = (
        "保存期間を過ぎた個人情報を消去します: 取下げ・重複から REGISTRATION_RETENTION_DAYS 日"
        "（既定365日）を過ぎた登録の担当者の情報・自由記述（変更履歴を含む）と送信メール、"
        "期限（1時間）の切れた取込みの内容、LOGIN_LOG_RETENTION_DAYS 日（既定365日）を過ぎた"
        "ログインの記録。実行ごとに記録を残します。毎日実行してください。"
    )

    def handle(self, *args, **options):
        # On the queue, so that one worker runs it whichever server's cron fired.
        result = retention_run.enqueue()
        try:
            run = task_value(result)
        except TaskFailed as failure:
            raise CommandError(
                f"消去に失敗しました（{failure}）。何も消去していません。ログを確認してください。"
            ) from failure
        if run is None:
            self.stdout.write(
                f"消去を作業キューに入れました（{result.id}）。結果は記録に残ります。"
            )
            return
        self.stdout.write(
            f"個人情報を消去した登録: {run['registrations']}件"
            f"（取下げ・重複から{settings.REGISTRATION_RETENTION_DAYS}日を経過）、"
            f"変更履歴の行: {run['history_rows']}、削除した送信メール: {run['mails']}件、"
            f"期限切れの取込み: {run['pending_imports']}件、"
            f"{settings.LOGIN_LOG_RETENTION_DAYS}日を過ぎたログインの記録: {run['login_logs']}件"
        )
