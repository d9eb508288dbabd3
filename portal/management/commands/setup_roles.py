from typing import Any

from django.core.management.base import BaseCommand

from portal.roles import roles_apply


class Command(BaseCommand):
    help = "職員のグループ（総務省）と権限を作成・更新します。何度実行しても同じ結果になります。"

    def handle(self, *args: Any, **options: Any) -> None:
        for group in roles_apply():
            names = ", ".join(sorted(group.permissions.values_list("codename", flat=True)))
            self.stdout.write(f"グループ「{group.name}」: {names}")
