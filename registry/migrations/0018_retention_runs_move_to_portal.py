"""The record of the retention runs now belongs to `portal` (portal.RetentionRun, one part per
app): the registry's earlier records are copied there, as their registry part, then dropped."""

from django.db import migrations


def runs_copy(apps, schema_editor):
    Old = apps.get_model("registry", "RetentionRun")
    New = apps.get_model("portal", "RetentionRun")
    New.objects.bulk_create(
        New(
            ran_at=run.ran_at,
            entries=run.registrations,
            report=[
                {
                    "label": "協力企業・団体の登録",
                    "rule": f"取下げ・重複から{run.retention_days}日",
                    "entries": run.registrations,
                    "receipt_numbers": [n for n in run.receipt_numbers.split("\n") if n],
                    "erased": run.erased_fields,
                    "counts": {
                        key: value
                        for key, value in {
                            "変更履歴の行": run.history_rows,
                            "送信メール（削除）": run.mails,
                            "状態の変更のコメント": run.comments,
                        }.items()
                        if value
                    },
                }
            ],
            pending_imports=run.pending_imports,
            login_logs=run.login_logs,
        )
        for run in Old.objects.order_by("ran_at", "id")
    )


def runs_copy_back(apps, schema_editor):
    Old = apps.get_model("registry", "RetentionRun")
    New = apps.get_model("portal", "RetentionRun")
    for run in New.objects.order_by("ran_at", "id"):
        part = next(
            (p for p in run.report if p.get("label") == "協力企業・団体の登録"), {"counts": {}}
        )
        Old.objects.create(
            ran_at=run.ran_at,
            retention_days=0,
            cutoff=run.ran_at,
            registrations=part.get("entries", 0),
            receipt_numbers="\n".join(part.get("receipt_numbers", [])),
            erased_fields=part.get("erased", ""),
            history_rows=part["counts"].get("変更履歴の行", 0),
            comments=part["counts"].get("状態の変更のコメント", 0),
            pending_imports=run.pending_imports,
            login_logs=run.login_logs,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0005_retentionrun"),
        ("registry", "0017_retentionrun_login_logs"),
    ]

    operations = [
        migrations.RunPython(runs_copy, runs_copy_back),
        migrations.DeleteModel(name="RetentionRun"),
    ]
