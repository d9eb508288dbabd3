import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

DEMO_FIXTURES = ["demo_registrations"]


class Command(BaseCommand):
    help = "開発・デモ用: migrate し、デモデータを読み込み、デモ用の管理者を作成します（何度実行しても同じ状態になります）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="DEBUG でない環境でも実行する（本番では使わないこと）",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("デモ用のコマンドです。DEBUG=true で実行してください。")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("loaddata", *DEMO_FIXTURES, verbosity=0)
        password = secrets.token_urlsafe(12)
        admin, _ = get_user_model().objects.update_or_create(
            username="admin",
            defaults={"is_staff": True, "is_superuser": True, "email": "admin@example.go.jp"},
        )
        admin.set_password(password)
        admin.save()
        self.stdout.write(
            self.style.SUCCESS("デモの準備ができました。\n")
            + "  サイト:   http://127.0.0.1:8000/\n"
            + "  管理画面: http://127.0.0.1:8000/admin/\n"
            + f"  管理者:   ユーザー名 admin ／ パスワード {password}\n"
            + "  （パスワードはこのコマンドを実行するたびに新しくなります）"
        )
