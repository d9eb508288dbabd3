"""Every import's two steps: read and check a file, then confirm it, all or nothing.

Reading stores nothing but a PendingImport: the rows as text and what the preview page shows.
It lives in the database, so the preview and the confirmation may reach different app servers,
and only its uploader may confirm it, within an hour. Confirming checks the stored rows again and
stores them in one transaction: a single problem, a tampered request or a change in the possible
duplicates means nothing is stored.

Each app supplies an Importer: how to read its columns, how to check rows with its own rules
(without writing anything, so a preview consumes no ids or numbers), and how to store them.
"""

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol
from uuid import UUID

from django.contrib.auth.models import User
from django.core.paginator import Page, Paginator
from django.db import models, transaction
from django.utils import timezone

from .models import ImportLog, PendingImport, Prefecture
from .spreadsheets import Sheet, SpreadsheetError, sheet_read
from .text import text_key

LIFETIME = timedelta(hours=1)
# Rows a page of the preview shows: every row of the file is on some page, with its problems.
PREVIEW_PAGE_ROWS = 50
GONE = (
    "この取込みは見つかりません。確認の期限（1時間）が過ぎたか、すでに取り込んだか取り消しました。"
    "もう一度ファイルを選んでください。"
)
TAMPERED = "送信された内容が正しくないため、何も取り込んでいません。確認画面を開き直してください。"
NOT_READY = (
    "ファイルの確認が終わっていないため、何も取り込んでいません。確認画面を開き直してください。"
)
UNREADABLE = (
    "ファイルを読み取れませんでした。何も取り込んでいません。もう一度ファイルを選び、続く場合は"
    "システム管理者に連絡してください。"
)


# [[row number, {column key: text}], ...], as an Importer reads them; kept as JSON on the
# pending import, so each row is a list.
ImportRows = list[list[Any]]


class ImportRefused(Exception):
    """Nothing was imported; the message (Japanese) says why."""


@dataclass
class Check:
    """What checking the rows found, without writing anything."""

    columns: list[str]  # headings of the rows' table (after 行)
    sample: list[list[str]]  # [row number, cells...] of every row, as the preview shows them
    problems: list[dict[str, Any]] = field(default_factory=list)  # {"row", "label", "message"}
    duplicates: list[dict[str, Any]] = field(default_factory=list)  # {"row", "summary", "reasons"}
    # The app's checked rows, for Importer.store: each app has its own kind of row.
    valid: list[Any] = field(default_factory=list)

    def problem(self, row: int, label: str, message: str) -> None:
        self.problems.append({"row": row, "label": label, "message": message})


class ImportStore(Protocol):
    def __call__(self, *, valid: list[Any], skip: set[int], by: User) -> int:
        """Store the checked rows but those in `skip`, inside the transaction; how many records
        were created."""


@dataclass(frozen=True)
class Importer:
    kind: str  # one of the app's AppConfig.import_kinds
    read: Callable[[Sheet], ImportRows]  # SpreadsheetError if the sheet is unusable
    check: Callable[[ImportRows], Check]
    store: ImportStore
    # Its own dotted path, so that a worker can find it (large imports are confirmed on the queue).
    path: str = ""


def pending_imports_purge(*, now: datetime | None = None) -> int:
    """Delete every pending import past its hour, with its rows; returns how many."""
    deleted, _ = PendingImport.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted


def pending_import_create(
    *, importer: Importer, user: User, file_name: str, content: bytes
) -> PendingImport:
    """Read and check an uploaded file and keep it for its uploader to confirm.

    The pending import is stored once it is checked, rows and preview in one INSERT: a file that
    fails its check (whatever is raised) leaves nothing behind that would wait for ever.
    Raises SpreadsheetError (Japanese) when the file cannot be read or passes a limit.
    """
    rows = importer.read(sheet_read(content=content, file_name=file_name))
    check = importer.check(rows)
    digest = hashlib.sha256(content).hexdigest()
    preview = _preview(check, rows=rows, kind=importer.kind, digest=digest)
    return _received(importer, user, file_name, digest, rows=rows, preview=preview)


def pending_import_receive(
    *, importer: Importer, user: User, file_name: str, content: bytes
) -> PendingImport:
    """Keep a large uploaded file, unread, for pending_import_check (on the worker)."""
    digest = hashlib.sha256(content).hexdigest()
    return _received(importer, user, file_name, digest, content=content)


def pending_import_check(*, importer: Importer, pk: UUID | str) -> PendingImport | None:
    """Read and check a received file: its preview then shows what was found, or why the file
    cannot be read. Returns the pending import, or None when it is gone or already checked."""
    pending = PendingImport.objects.filter(pk=pk, kind=importer.kind, preview__isnull=True).first()
    if pending is None:
        return None
    try:
        rows = importer.read(
            sheet_read(content=bytes(pending.content or b""), file_name=pending.file_name)
        )
    except SpreadsheetError as problem:
        pending_import_unreadable(pk=pk, message=str(problem))
        return pending
    return pending if _checked(pending, importer, rows) else None


def pending_import_unreadable(*, pk: UUID | str, message: str = UNREADABLE) -> None:
    """Record why a received file cannot be imported, and drop the file."""
    PendingImport.objects.filter(pk=pk, preview__isnull=True).update(
        preview={"error": message}, content=None
    )


def _received(
    importer: Importer, user: User, file_name: str, digest: str, **stored: Any
) -> PendingImport:
    """A new pending import of the file: its checked rows and preview, or its bytes to be read
    later (`stored`)."""
    now = timezone.now()
    pending_imports_purge(now=now)
    return PendingImport.objects.create(
        kind=importer.kind,
        created_by=user,
        created_at=now,
        expires_at=now + LIFETIME,
        file_name=file_name[-255:],
        file_sha256=digest,
        **stored,
    )


def _checked(pending: PendingImport, importer: Importer, rows: ImportRows) -> bool:
    """Store what checking the rows found; False if the import is gone meanwhile (cancelled
    while the worker read it) or was already checked."""
    check = importer.check(rows)
    pending.rows = rows
    pending.preview = _preview(check, rows=rows, kind=importer.kind, digest=pending.file_sha256)
    pending.content = None
    stored = PendingImport.objects.filter(pk=pending.pk, preview__isnull=True)
    return bool(stored.update(rows=rows, preview=pending.preview, content=None))


def pending_import_for(*, importer: Importer, pk: UUID, user: User) -> PendingImport | None:
    """The user's own pending import of this kind, if it has not expired; else None. Its rows
    are not read (a 10,000-row file's text): the preview and the decision need only its preview;
    confirming reads them again under a lock."""
    return _pending(importer, pk, user).defer("rows", "content").first()


@dataclass(frozen=True)
class PreviewRow:
    """One row of a file as its preview page shows it."""

    number: int  # the row's number in the file
    cells: list[str]
    problems: list[dict[str, Any]]  # {"label", "message"}
    duplicate: bool


def import_preview_page(
    *, preview: dict[str, Any], page: object, problems_only: bool = False
) -> Page:
    """One page of a checked file's rows (PREVIEW_PAGE_ROWS), each with its problems; with
    `problems_only`, the rows that have any. `page` is as posted: not a number or below 1 → the
    first page, past the end → the last, so no link can fail. Only this page's rows are built;
    the rest stay as the stored preview holds them."""
    problems: dict[int, list[dict[str, Any]]] = {}
    for problem in preview["problems"]:
        problems.setdefault(problem["row"], []).append(problem)
    rows = preview["sample"]
    if problems_only:
        rows = [row for row in rows if row[0] in problems]
    try:
        number = max(int(str(page)), 1)
    except ValueError:
        number = 1
    shown = Paginator(rows, PREVIEW_PAGE_ROWS).get_page(number)
    duplicates = {duplicate["row"] for duplicate in preview["duplicates"]}
    shown.object_list = [
        PreviewRow(
            number=row[0],
            cells=row[1:],
            problems=problems.get(row[0], []),
            duplicate=row[0] in duplicates,
        )
        for row in shown.object_list
    ]
    return shown


def pending_import_cancel(*, importer: Importer, pk: UUID, user: User) -> None:
    _pending(importer, pk, user).delete()


def pending_import_confirm(
    *, importer: Importer, pk: UUID | str, user: User, include: Iterable[str]
) -> ImportLog:
    """Check the stored rows again and store them, all or nothing; returns the ImportLog.

    `include` is the posted row numbers of possible duplicates to import anyway; the others are
    skipped. Raises ImportRefused when nothing was imported (the preview is updated if the check
    found something new).
    """
    try:
        included = {int(number) for number in include}
    except (TypeError, ValueError):
        raise ImportRefused(TAMPERED) from None
    with transaction.atomic():
        pending = _pending(importer, pk, user).select_for_update().first()
        if pending is None:
            raise ImportRefused(GONE)
        if pending.preview is None or pending.unreadable:  # still checking, or unreadable
            raise ImportRefused(pending.unreadable or NOT_READY)
        check = importer.check(pending.rows)
        duplicates = {duplicate["row"] for duplicate in check.duplicates}
        shown = {duplicate["row"] for duplicate in pending.preview["duplicates"]}
        if not included <= shown:
            raise ImportRefused(TAMPERED)
        refusal = None
        if check.problems:
            refusal = "誤りのある行があるため、何も取り込んでいません。下の一覧を確認してください。"
        elif duplicates != shown:
            refusal = (
                "確認画面を表示した後に登録が変わり、重複の可能性がある行が変わりました。"
                "何も取り込んでいません。もう一度確認してください。"
            )
        if refusal is None:
            created = importer.store(valid=check.valid, skip=duplicates - included, by=user)
            log = ImportLog.objects.create(
                kind=importer.kind,
                user=user,
                file_name=pending.file_name,
                file_sha256=pending.file_sha256,
                row_count=len(pending.rows),
                imported_count=created,
                skipped_count=len(duplicates - included),
            )
            pending.delete()
            return log
        pending.preview = _preview(
            check, rows=pending.rows, kind=importer.kind, digest=pending.file_sha256
        )
        pending.save(update_fields=["preview"])
    raise ImportRefused(refusal)


def _pending(importer: Importer, pk: UUID | str, user: User) -> models.QuerySet[PendingImport]:
    return PendingImport.objects.filter(
        pk=pk, created_by=user, kind=importer.kind, expires_at__gt=timezone.now()
    )


def _preview(check: Check, *, rows: ImportRows, kind: str, digest: str) -> dict[str, Any]:
    notes = [
        f"このファイルは {timezone.localtime(log.imported_at):%Y年%m月%d日 %H:%M} に"
        f"{log.user.get_username()} さんが取り込んでいます（{log.imported_count}件）。"
        "同じ内容を二重に取り込まないよう、重複の可能性を確認してください。"
        for log in ImportLog.objects.filter(kind=kind, file_sha256=digest).select_related("user")
    ]
    return {
        "row_count": len(rows),
        "columns": check.columns,
        # Every row and every problem: the preview pages through them (import_preview_page).
        "sample": check.sample,
        "problem_count": len(check.problems),
        "problems": check.problems,
        "duplicates": check.duplicates,
        "notes": notes,
    }


def name_key(text: object) -> str:
    """A heading, option or name as compared on import: its key (portal.text), without spaces."""
    return text_key(str(text or ""), spaces=False)


def prefecture_lookup() -> dict[str, Prefecture]:
    """{name key: Prefecture} for 「東京都」 and 「東京」 alike, in one query."""
    lookup: dict[str, Prefecture] = {}
    for prefecture in Prefecture.objects.all():
        lookup[name_key(prefecture.name)] = prefecture
        if prefecture.name != "北海道":
            lookup[name_key(prefecture.name[:-1])] = prefecture
    return lookup
