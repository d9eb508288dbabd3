"""Uploads kept in memory, never written to an app server's disk, and dropped past a size limit.

Django writes uploads above FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file; an import holds
names, e-mail addresses and phone numbers, so its views take the file in memory only, up to the
import's own limit. The handlers must be chosen before the body is read, hence the CSRF check
inside the wrapper (as Django's documentation on upload handlers describes).
"""

import io
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest, HttpResponseBase
from django.views.decorators.csrf import csrf_exempt, csrf_protect

# Callable[..., HttpResponseBase], as portal.access names it (not imported: access reads models).
ViewFunction = Callable[..., HttpResponseBase]


class MemoryOnlyUploadHandler(FileUploadHandler):
    """Keeps each file in memory; a file past `limit` bytes is skipped and flagged on the request."""

    def __init__(self, request: HttpRequest, *, limit: int) -> None:
        super().__init__(request)
        self.limit = limit

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()
        self.size = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.size += len(raw_data)
        if self.size > self.limit:
            self.request.upload_too_large = True  # type: ignore[union-attr]  # read by the view
            raise SkipFile
        self.buffer.write(raw_data)
        return None  # the chunk is kept here: no later handler sees it

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


def memory_uploads(*, limit: int) -> Callable[[ViewFunction], ViewFunction]:
    """Decorate a view so its uploads stay in memory; `request.upload_too_large` says if one was
    dropped for passing `limit` bytes."""

    def decorate(view: ViewFunction) -> ViewFunction:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            request.upload_handlers = [MemoryOnlyUploadHandler(request, limit=limit)]
            request.upload_too_large = False  # type: ignore[attr-defined]  # read by the view
            return csrf_protect(view)(request, *args, **kwargs)

        return csrf_exempt(wrapped)

    return decorate
