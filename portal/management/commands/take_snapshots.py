from typing import Any

from django.core.management.base import BaseCommand

from portal.snapshots import snapshots_take


class Command(BaseCommand):
    help = (
        "ダッシュボードのグラフ用に、都道府県ごと・日ごとの件数を記録します（cronで毎晩実行。"
        "最初の記録の日から昨日（日本時間）までの、まだない日をすべて埋めます。記録済みの日は"
        "書き換えません。何度実行しても、同時に実行しても同じ結果になります）。"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = snapshots_take()
        self.stdout.write(f"日ごとの件数: {result.days}日分（{result.rows}件）を記録しました。")
