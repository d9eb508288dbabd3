"""The yearly reconfirmation in the admin: 総務省 start a round and read its report."""

from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from ..models import ReconfirmationRound
from ..reconfirmation import reconfirmation_due
from ..tasks import reconfirmation_round_run

REPORT = [
    ("sent", "送付"),
    ("unchanged", "変更なし"),
    ("changed", "変更あり"),
    ("waiting", "回答待ち"),
    ("unconfirmed", "未確認（期限切れ）"),
]


def _figure(name, label):
    @admin.display(description=label, ordering=name)
    def show(self, obj):
        return f"{getattr(obj, name)}件"

    return show


@admin.register(ReconfirmationRound)
class ReconfirmationRoundAdmin(admin.ModelAdmin):
    """Each round with its report; 「年次確認を始める」 asks every registration that is due."""

    change_list_template = "admin/registry/reconfirmationround/change_list.html"
    list_display = ["__str__", "started_by", *(name for name, _ in REPORT)]
    fields = ["started_at", "started_by", "months", "deadline_days", *(n for n, _ in REPORT)]
    readonly_fields = fields
    list_select_related = ["started_by"]

    sent = _figure(*REPORT[0])
    unchanged = _figure(*REPORT[1])
    changed = _figure(*REPORT[2])
    waiting = _figure(*REPORT[3])
    unconfirmed = _figure(*REPORT[4])

    def get_queryset(self, request):
        return super().get_queryset(request).with_report()

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        """Show who would be asked; start the round on POST."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            # Thousands of mails are rendered and stored: the worker does it, not this request.
            result = reconfirmation_round_run.enqueue(request.user.pk)
            self.message_user(
                request,
                f"{result.return_value['requests']}件の登録に年次確認のメールを送ります。"
                if result.is_finished
                else "年次確認を始めました。対象の登録へのメールは作業キューで順に送信します。",
            )
            return redirect("admin:registry_reconfirmationround_changelist")
        now = timezone.now()
        due = reconfirmation_due(now=now)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "年次確認を始める",
            "count": due.count(),
            "unconfirmed": due.filter(reconfirmation_deadline__lt=now).count(),
            "months": settings.RECONFIRMATION_MONTHS,
            "deadline": now + timedelta(days=settings.RECONFIRMATION_DEADLINE_DAYS),
            "reminder_days": "日後と".join(map(str, settings.RECONFIRMATION_REMINDER_DAYS)),
        }
        return TemplateResponse(request, "admin/registry/reconfirmationround/start.html", context)
