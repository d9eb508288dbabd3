import secrets
from argparse import ArgumentParser
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.hooks import app_hook_values
from portal.models import PrefectureMembership, StaffEvent, StaffInvitation
from portal.roles import MIC_GROUP, PREFECTURE_GROUP, roles_apply
from portal.snapshots import snapshots_take


def demo_fixtures() -> list[str]:
    """The fixtures each app names as its demo data (AppConfig.demo_fixtures), in app order.

    Fixtures may name the demo users by username, so the users are created first.
    """
    return [fixture for _, fixtures in app_hook_values("demo_fixtures") for fixture in fixtures]


class Command(BaseCommand):
    help = (
        "開発・デモ用: migrate し、デモデータと職員グループを用意し、デモ用のログインを作成します"
        "（何度実行しても同じ状態になります）。"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="DEBUG でない環境でも実行する（本番では使わないこと）",
        )

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError("デモ用のコマンドです。DEBUG=true で実行してください。")
        call_command("migrate", interactive=False, verbosity=0)
        roles_apply()
        logins = [
            self._user("admin", "システム管理者", superuser=True),
            self._user("mic", "総務省職員（デモ）", groups=[MIC_GROUP]),
            self._user(
                "hokkaido", "北海道の職員（デモ）", groups=[PREFECTURE_GROUP], prefecture="01"
            ),
            self._user("tokyo", "東京都の職員（デモ）", groups=[PREFECTURE_GROUP], prefecture="13"),
            self._user("osaka", "大阪府の職員（デモ）", groups=[PREFECTURE_GROUP], prefecture="27"),
        ]
        # The fixtures carry their own history rows. Left on, django-simple-history would add a
        # "~" row for each many-to-many set during the load, with an id from the sequence that a
        # fixture row then claims (an IntegrityError on a fresh PostgreSQL database).
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", *demo_fixtures(), verbosity=0)
        self._staff_accounts()
        # The demo's staff events happened today: `manage.py send_digests` lists them.
        StaffEvent.objects.update(occurred_at=timezone.now())
        # The dashboard's charts: what the nightly take_snapshots would have recorded on every
        # day from the demo's first appointment (December 2024) up to yesterday.
        snapshots_take()
        lines = [
            self.style.SUCCESS("デモの準備ができました。"),
            "  サイト:   http://127.0.0.1:8000/",
            "  管理画面: http://127.0.0.1:8000/admin/（admin, mic）",
            "  都道府県職員のログイン: http://127.0.0.1:8000/accounts/login/（hokkaido, tokyo, osaka）",
        ]
        lines += [
            f"  {role}: ユーザー名 {name} ／ パスワード {password}"
            for name, role, password in logins
        ]
        lines += [
            "  （パスワードはこのコマンドを実行するたびに新しくなります）",
            "  職員のページには2段階認証が必要です。認証アプリの代わりに、開発中は次のコマンドで",
            "  今の6桁の数字を表示できます: DEBUG=true .venv/bin/python manage.py totp_code <ユーザー名>",
        ]
        self.stdout.write("\n".join(lines))

    def _staff_accounts(self) -> None:
        """What 総務省's staff account pages show: an account made before an address was
        required (to complete on /staff/addresses/), and an invitation waiting to be accepted."""
        users = get_user_model().objects
        legacy, _ = users.update_or_create(
            username="kyoto-legacy",
            defaults={"email": "", "last_name": "京都　昔太郎", "is_staff": False},
        )
        legacy.set_unusable_password()  # the demo never signs in with it
        legacy.save()
        legacy.groups.set(Group.objects.filter(name=PREFECTURE_GROUP))
        PrefectureMembership.objects.update_or_create(user=legacy, defaults={"prefecture_id": "26"})
        invited = "dx-suishin@pref.hiroshima.example.lg.jp"
        StaffInvitation.objects.filter(email=invited).delete()
        StaffInvitation.objects.create(
            name="広島　さくら",
            email=invited,
            prefecture_id="34",
            invited_by=users.get(username="mic"),
        )

    def _user(
        self,
        username: str,
        role: str,
        *,
        superuser: bool = False,
        groups: Iterable[str] = (),
        prefecture: str | None = None,
    ) -> tuple[str, str, str]:
        password = secrets.token_urlsafe(12)
        user, _ = get_user_model().objects.update_or_create(
            username=username,
            defaults={
                # Prefecture staff use the portal's pages, not the admin.
                "is_staff": prefecture is None,
                "is_superuser": superuser,
                "email": f"{username}@example.go.jp",
            },
        )
        user.set_password(password)
        user.save()
        user.groups.set(Group.objects.filter(name__in=groups))
        if prefecture:
            PrefectureMembership.objects.update_or_create(
                user=user, defaults={"prefecture_id": prefecture}
            )
        TOTPDevice.objects.get_or_create(
            user=user, confirmed=True, defaults={"name": "デモ用の認証アプリ"}
        )
        return username, role, password
