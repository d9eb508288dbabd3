from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from portal.notifications import digests_send


class Command(BaseCommand):
    help = (
        "職員への毎日のまとめメールを送ります（cronで1時間ごとに実行。DIGEST_HOUR時"
        "（日本時間）以降に、1人1日1通だけ送ります。何度実行しても二重には送りません）。"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        run = digests_send()
        if not run.due:
            self.stdout.write(
                f"まだ送る時刻ではありません（{settings.DIGEST_HOUR}時以降に送ります）。"
            )
            return
        self.stdout.write(f"毎日のまとめ: {run.sent}件を送信待ちにしました。")
