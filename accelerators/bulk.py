"""Bulk load of the appointments made before the portal: one appointed nomination per row.

総務省 downloads the template (appointments_template), fills in one row per appointee and uploads
it through the admin's import pages (portal.imports): preview, then confirm, all or nothing. Each
row is checked with the nomination rules (ふりがな, 任命日, no 業務委託, IPA exam years, unique
appointment numbers) and becomes an appointed nomination whose history says
「一括登録（既存の任命）」. A row with the same prefecture and name as a nomination already
stored, or as an earlier row, is a possible duplicate: skipped unless ticked.
"""

from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import datetime

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone

from portal.exports import Column, xlsx_template
from portal.imports import Check, Importer, ImportRefused, name_key, prefecture_lookup
from portal.models import Prefecture

from .bulk_rows import (
    CONFIRMED,
    FIELDS,
    HEADERS,
    Appointment,
    AppointmentRow,
    ReadRow,
    appointments_read,
)
from .models import IpaExam, IpaPass, Nomination, NominationTransition
from .workflow import appointment_numbers_take

KIND = "appointments"
HISTORY_COMMENT = "一括登録（既存の任命）"


def appointments_template() -> HttpResponse:
    """The Excel template 総務省 fills in: one row per appointee, lists where values are fixed."""
    return xlsx_template(
        title="既存の任命",
        file_code="existing-appointments",
        columns=[Column(field.header, field.width) for field in FIELDS],
        choices={
            "都道府県": [p.name for p in Prefecture.objects.order_by("code")],
            "任用形態": [label for _, label in Nomination.EmploymentType.choices],
            "要件": ["①", "②", "③"],
            "主たる業務の確認": [CONFIRMED],
        },
        notes=[(f.header, "必須" if f.required else "任意", f.note) for f in FIELDS],
    )


def appointments_check(rows: Iterable[ReadRow]) -> Check:
    """Check every row with the nomination rules and find the possible duplicates."""
    prefectures, today = prefecture_lookup(), timezone.localdate()
    exams = list(IpaExam.objects.select_related("successor"))
    stored: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    for code, name, number, status in Nomination.objects.values_list(
        "prefecture_id", "name", "appointment_number", "status"
    ):
        stored[(code, name_key(name))].append(
            f"{number or '番号なし'}・{Nomination.Status(status).label}"
        )
    numbers = set(
        Nomination.objects.exclude(appointment_number=None).values_list(
            "appointment_number", flat=True
        )
    )
    first_row: dict[tuple[str, str], int] = {}
    number_rows: dict[str, int] = {}
    check = Check(columns=["都道府県", "氏名", "任用形態", "任命日", "任命番号", "要件"], sample=[])
    for row, cells in rows:
        parsed = AppointmentRow(cells, prefectures=prefectures, exams=exams, today=today)
        v, problems = parsed.values, parsed.problems
        number = v["appointment_number"]
        if number in numbers:
            problems.append(("appointment_number", f"任命番号 {number} はすでに使われています。"))
        elif number and number_rows.setdefault(number, row) != row:
            problems.append(
                ("appointment_number", f"任命番号 {number} は{number_rows[number]}行目と同じです。")
            )
        for key, message in problems:
            check.problem(row, HEADERS[key], message)
        if not problems:
            check.valid.append(Appointment(row=row, **v))
        if v["prefecture"] and v["name"]:
            person = (v["prefecture"].code, name_key(v["name"]))
            reasons = [f"登録済みの推薦（{what}）と都道府県・氏名が同じ" for what in stored[person]]
            if first_row.setdefault(person, row) != row:
                reasons.append(f"このファイルの{first_row[person]}行目と都道府県・氏名が同じ")
            if reasons:
                summary = f"{v['prefecture'].name} {v['name']}"
                check.duplicates.append({"row": row, "summary": summary, "reasons": reasons})
        check.sample.append(
            [
                row,
                *(
                    cells.get(key, "")
                    for key in (
                        "prefecture",
                        "name",
                        "employment_type",
                        "appointment_date",
                        "appointment_number",
                        "basis",
                    )
                ),
            ]
        )
    return check


def appointments_store(*, valid: Iterable[Appointment], skip: Collection[int], by: User) -> int:
    """Store the checked rows (but those in `skip`) as appointed nominations, with their history."""
    kept = sorted(
        (a for a in valid if a.row not in skip), key=lambda a: (a.appointment_date, a.row)
    )
    given = [a.appointment_number for a in kept if a.appointment_number]
    by_year: defaultdict[int, list[Appointment]] = defaultdict(list)
    for appointment in kept:
        if not appointment.appointment_number:
            by_year[appointment.appointment_date.year].append(appointment)
    numbers: dict[int, str] = {}
    for year, appointments in sorted(by_year.items()):
        taken = appointment_numbers_take(year=year, count=len(appointments), also_taken=given)
        numbers.update({a.row: number for a, number in zip(appointments, taken, strict=True)})
    now = timezone.now()
    try:
        with transaction.atomic():
            nominations = Nomination.objects.bulk_create(
                [_nomination(a, numbers.get(a.row, a.appointment_number), by, now) for a in kept]
            )
    except IntegrityError:
        raise ImportRefused(
            "確認の後に同じ任命番号が使われたため、何も登録していません。もう一度確認してください。"
        ) from None
    NominationTransition.objects.bulk_create(
        NominationTransition(
            nomination=nomination,
            from_status=Nomination.Status.DRAFT,
            to_status=Nomination.Status.APPOINTED,
            changed_by=by,
            changed_at=now,
            comment=HISTORY_COMMENT,
        )
        for nomination in nominations
    )
    IpaPass.objects.bulk_create(
        IpaPass(nomination=nomination, exam=a.exam, year=a.exam_year)
        for nomination, a in zip(nominations, kept, strict=True)
        if a.exam is not None and a.exam_year is not None  # set together (AppointmentRow)
    )
    return len(nominations)


def _nomination(appointment: Appointment, number: str, by: User, now: datetime) -> Nomination:
    equivalence = appointment.basis == Nomination.Basis.EQUIVALENCE
    return Nomination(
        prefecture=appointment.prefecture,
        status=Nomination.Status.APPOINTED,
        name=appointment.name,
        name_kana=appointment.name_kana,
        employment_type=appointment.employment_type,
        start_date=appointment.start_date,
        main_duty_confirmed=True,
        appointment_date=appointment.appointment_date,
        appointment_number=number,
        annual_cost_yen=appointment.annual_cost_yen,
        source=Nomination.Source.BULK,
        existing_basis=appointment.basis,
        existing_evidence=appointment.evidence,
        # ③ was accepted when the person was appointed; recorded as accepted by the loader.
        equivalence_justification=appointment.evidence if equivalence else "",
        equivalence_accepted_at=now if equivalence else None,
        equivalence_accepted_by=by if equivalence else None,
        created_by=by,
        created_at=now,
    )


APPOINTMENT_IMPORT = Importer(
    kind=KIND,
    read=appointments_read,
    check=appointments_check,
    store=appointments_store,
    path=f"{__name__}.APPOINTMENT_IMPORT",
)
