"""The admin's import pages, for any ModelAdmin: choose a file, check the preview, confirm.

The pages only move requests to portal.imports and show what it returns; the app's Importer
holds the rules.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse

from ..access import signed_in_user
from ..imports import (
    GONE,
    Importer,
    ImportRefused,
    import_preview_page,
    pending_import_cancel,
    pending_import_confirm,
    pending_import_create,
    pending_import_for,
    pending_import_receive,
    pending_import_unreadable,
    pending_imports_purge,
)
from ..models import PendingImport
from ..spreadsheets import MAX_FILE_BYTES, TOO_BIG, SpreadsheetError
from ..tasks import ImportConfirmed, TaskFailed, import_check, import_confirm, task_value
from ..uploads import memory_uploads

IMPORT_FAILED = (
    "取込みの確定に失敗しました。何も取り込んでいません。確認画面からもう一度確定するか、"
    "続く場合はシステム管理者に連絡してください。"
)


# The mixin goes before ModelAdmin among an admin's bases: type-checked as one, a plain class
# at run time.
if TYPE_CHECKING:
    _AdminBase = admin.ModelAdmin
else:
    _AdminBase = object


class ImportAdminMixin(_AdminBase):
    """Adds `import/` and `import/<id>/` to a ModelAdmin; set the class attributes below."""

    importer: Importer  # set by each admin
    import_permission = ""  # "app_label.codename"
    import_title = ""
    import_help_template = ""  # explains the file's columns, included on the upload page
    import_extra_links: (
        tuple[tuple[str, str], ...] | list[tuple[str, str]]
    ) = ()  # (label, url name)
    # A function returning the empty Excel template to fill in (portal.exports.xlsx_template):
    # offered on the upload page, to whoever may import, at `import/template.xlsx`.
    import_template: Callable[[], HttpResponse] | None = None

    def has_import_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(self.import_permission)

    def _import_url_name(self, suffix: str = "") -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_import{suffix}"

    def get_urls(self) -> list[URLPattern]:
        upload = memory_uploads(limit=MAX_FILE_BYTES)(self.import_upload_view)
        template: list[URLPattern] = []
        if self.import_template is not None:
            template = [
                path(
                    "import/template.xlsx",
                    self.admin_site.admin_view(self.import_template_view),
                    name=self._import_url_name("_template"),
                )
            ]
        return [
            *template,
            path("import/", self.admin_site.admin_view(upload), name=self._import_url_name()),
            path(
                "import/<uuid:pk>/",
                self.admin_site.admin_view(self.import_preview_view),
                name=self._import_url_name("_preview"),
            ),
            *super().get_urls(),
        ]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = extra_context or {}
        if self.has_import_permission(request):
            extra_context["import_link"] = (
                self.import_title,
                reverse(f"admin:{self._import_url_name()}"),
            )
        return super().changelist_view(request, extra_context)

    def _context(self, request: HttpRequest, **context: Any) -> dict[str, Any]:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": self.import_title,
            "upload_url": reverse(f"admin:{self._import_url_name()}"),
            **context,
        }

    def import_template_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_import_permission(request):
            raise PermissionDenied
        template = type(self).import_template
        assert template is not None  # its URL exists only when it is set (get_urls)
        return template()

    def import_upload_view(self, request: HttpRequest) -> HttpResponseBase:
        if not self.has_import_permission(request):
            raise PermissionDenied
        pending_imports_purge()
        error = None
        if request.method == "POST":
            upload = request.FILES.get("file")
            if request.upload_too_large:  # type: ignore[attr-defined]  # set by memory_uploads
                error = TOO_BIG
            elif upload is None:
                error = "ファイルを選んでください。"
            elif (upload.size or 0) > settings.IMPORT_QUEUE_BYTES:
                pending = self._import_receive(request, upload)
                return redirect(f"admin:{self._import_url_name('_preview')}", pk=pending.pk)
            else:
                try:
                    pending = pending_import_create(
                        importer=self.importer,
                        user=signed_in_user(request),
                        file_name=upload.name or "",
                        content=upload.read(),
                    )
                except SpreadsheetError as problem:
                    error = str(problem)
                else:
                    return redirect(f"admin:{self._import_url_name('_preview')}", pk=pending.pk)
        links = [(label, reverse(f"admin:{name}")) for label, name in self.import_extra_links]
        if self.import_template is not None:
            template_url = reverse(f"admin:{self._import_url_name('_template')}")
            links.insert(0, ("テンプレート（Excel）をダウンロード", template_url))
        context = self._context(
            request, error=error, help_template=self.import_help_template, links=links
        )
        return TemplateResponse(
            request, "admin/portal/import_upload.html", context, status=400 if error else 200
        )

    def import_preview_view(self, request: HttpRequest, pk: UUID) -> HttpResponseBase:
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            return self._import_decide(request, pk)
        pending = pending_import_for(importer=self.importer, pk=pk, user=signed_in_user(request))
        if pending is None or pending.unreadable:
            self.message_user(request, pending.unreadable if pending else GONE, messages.ERROR)
            return redirect(f"admin:{self._import_url_name()}")
        preview = pending.preview
        if preview is None:  # pending.checking: the worker has not read the file yet
            context = self._context(request, pending=pending)
            return TemplateResponse(request, "admin/portal/import_checking.html", context)
        problems_only = request.GET.get("rows") == "problems"
        page = import_preview_page(
            preview=preview, page=request.GET.get("page"), problems_only=problems_only
        )
        context = self._context(
            request,
            pending=pending,
            preview=preview,
            page=page,
            page_links=page.paginator.get_elided_page_range(page.number, on_each_side=2),
            problems_only=problems_only,
            page_query="rows=problems&" if problems_only else "",
            problem_rows=len({problem["row"] for problem in preview["problems"]}),
            importable=preview["row_count"] - len(preview["duplicates"]),
        )
        return TemplateResponse(request, "admin/portal/import_preview.html", context)

    def _import_decide(self, request: HttpRequest, pk: UUID) -> HttpResponseBase:
        changelist = f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"
        if request.POST.get("action") == "cancel":
            pending_import_cancel(importer=self.importer, pk=pk, user=signed_in_user(request))
            self.message_user(request, "取込みを取り消しました。読み込んだ内容は削除しました。")
            return redirect(changelist)
        pending = pending_import_for(importer=self.importer, pk=pk, user=signed_in_user(request))
        # Ready: read and checked (a preview), and readable.
        preview = pending.preview if pending is not None and not pending.unreadable else None
        if pending and preview and preview["row_count"] > settings.IMPORT_QUEUE_ROWS:
            return self._import_queue(request, pending, changelist)
        try:
            log = pending_import_confirm(
                importer=self.importer,
                pk=pk,
                user=signed_in_user(request),
                include=request.POST.getlist("include"),
            )
        except ImportRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            if (
                pending_import_for(importer=self.importer, pk=pk, user=signed_in_user(request))
                is None
            ):
                return redirect(f"admin:{self._import_url_name()}")
            return redirect(f"admin:{self._import_url_name('_preview')}", pk=pk)
        skipped = (
            f"重複の可能性がある{log.skipped_count}行は取り込んでいません。"
            if log.skipped_count
            else ""
        )
        self.message_user(request, f"{log.imported_count}件を取り込みました。{skipped}")
        return redirect(changelist)

    def _import_receive(self, request: HttpRequest, upload: UploadedFile) -> PendingImport:
        """Large files are read and checked by the worker; the preview page waits for it."""
        pending = pending_import_receive(
            importer=self.importer,
            user=signed_in_user(request),
            file_name=upload.name or "",
            content=upload.read(),
        )
        try:
            task_value(import_check.enqueue(self.importer.path, str(pending.pk)))
        except TaskFailed:
            pending_import_unreadable(pk=pending.pk)  # the preview page says so
        return pending

    def _import_queue(
        self, request: HttpRequest, pending: PendingImport, changelist: str
    ) -> HttpResponseBase:
        """Large files are confirmed by the worker, so no app server waits on them."""
        result = import_confirm.enqueue(
            self.importer.path,
            str(pending.pk),
            signed_in_user(request).pk,
            request.POST.getlist("include"),
        )
        try:
            done: ImportConfirmed | None = task_value(result)
        except TaskFailed:
            self.message_user(request, IMPORT_FAILED, messages.ERROR)
            return redirect(changelist)
        if done is None:
            self.message_user(
                request,
                f"{(pending.preview or {})['row_count']}行の取込みを受け付けました。順に確定し、終わると"
                "「取込みの記録」に残ります（誤りがあれば何も取り込まず、確認画面に表示します）。",
            )
        elif "refused" in done:
            self.message_user(request, done["refused"], messages.ERROR)
        else:
            self.message_user(request, f"{done['imported']}件を取り込みました。")
        return redirect(changelist)
