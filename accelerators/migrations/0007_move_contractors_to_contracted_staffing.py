"""業務委託 people are not accelerators: their nominations become ContractedStaffing records.

Each nomination with employment type 'contractor' (whatever its status) becomes one record for
its prefecture: 1 person, its annual cost (0 when none was entered, said in the note), in the
fiscal year of its appointment date or else its start date, with a note naming the former
nomination. The nomination (with its experiences, exam passes and history) is then deleted.
Not reversible: the deleted nominations cannot be rebuilt from the records.
"""

from django.db import migrations

STATUS_LABELS = {
    "draft": "下書き",
    "submitted": "推薦",
    "in_review": "審査中",
    "appointed": "任命",
    "returned": "差戻し",
    "rejected": "不承認",
    "retired": "退任",
}


def _fiscal_year_of(day):
    return day.year if day.month >= 4 else day.year - 1


def contracted_staffing_from(nomination):
    """The ContractedStaffing fields for one former contractor nomination (a dict of values)."""
    day = nomination["appointment_date"] or nomination["start_date"]
    cost = nomination["annual_cost_yen"]
    note = (
        f"業務委託のアクセラレータ推薦（推薦ID {nomination['id']}・{nomination['name']}・"
        f"状態「{STATUS_LABELS.get(nomination['status'], nomination['status'])}」"
        f"{'・任命番号 ' + nomination['appointment_number'] if nomination['appointment_number'] else ''}"
        "）から移行しました。業務委託の人材はアクセラレータとして推薦できないため、"
        "委託による人材確保として記録しています。"
    )
    if cost is None:
        note += "委託費が入力されていなかったため0円としています。正しい金額に直してください。"
    return {
        "prefecture_id": nomination["prefecture_id"],
        "fiscal_year": _fiscal_year_of(day),
        "persons": 1,
        "annual_cost_yen": cost or 0,
        "note": note,
        "created_by_id": nomination["created_by_id"],
    }


FIELDS = [
    "id",
    "prefecture_id",
    "name",
    "status",
    "start_date",
    "appointment_date",
    "appointment_number",
    "annual_cost_yen",
    "created_by_id",
]


def move_contractors(apps, schema_editor):
    Nomination = apps.get_model("accelerators", "Nomination")
    ContractedStaffing = apps.get_model("accelerators", "ContractedStaffing")
    contractors = Nomination.objects.filter(employment_type="contractor")
    for values in contractors.values(*FIELDS):
        ContractedStaffing.objects.create(**contracted_staffing_from(values))
    contractors.delete()


class Migration(migrations.Migration):
    dependencies = [("accelerators", "0006_contracted_staffing_and_appointment_number_counter")]

    operations = [migrations.RunPython(move_contractors, migrations.RunPython.noop)]
