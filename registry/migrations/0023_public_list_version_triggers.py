"""The public list's version (PublicListVersion) is increased by the database itself.

Until now every function that changed what /companies/ shows had to call public_list_changed();
a write that forgot it (a QuerySet.update(), an admin save, an import, raw SQL) left the cached
list showing a withdrawn company. These triggers increase the version in the writing transaction,
whatever wrote:
- a row of registrations that is or was 掲載 (inserted, changed or deleted): anything on such a
  row may be what the list shows, so no column list can be forgotten either;
- a row of the 出向可能な都道府県 answers of a registration that is 掲載;
- a prefecture (the list names them; reference data, but changed by a migration the running
  processes would not notice).
A registration that is not 掲載 touches nothing: new registrations (many at once) do not queue
on the version's row.

On PostgreSQL the prefecture answers' trigger reads the registration's status FOR SHARE: of a
write to the answers and a concurrent 掲載 of the same registration, one waits for the other, so
the later one sees it published and increases the version after the earlier one's commit.
(SQLite has one writer at a time.)

SQLite rebuilds a table for many schema changes and drops its triggers with it: a later
migration that alters registry_registration must run TRIGGERS again (the public list's tests on
SQLite fail otherwise).
"""

from django.db import migrations

PUBLISHED = "published"


def _tables(apps):
    registration = apps.get_model("registry", "Registration")
    return {
        "registration": registration._meta.db_table,
        "answers": registration._meta.get_field(
            "dispatch_prefectures"
        ).remote_field.through._meta.db_table,
        "version": apps.get_model("registry", "PublicListVersion")._meta.db_table,
        "prefecture": apps.get_model("portal", "Prefecture")._meta.db_table,
    }


# The row is seeded by 0014; a database emptied since (a test's flush) gets it back at 1.
BUMP = (
    "INSERT INTO {version} (id, version) VALUES (1, 1) "
    "ON CONFLICT (id) DO UPDATE SET version = {version}.version + 1"
)
# (name, event, condition on the row) of each trigger on registrations: one per event, as
# PostgreSQL's WHEN may name only the OLD or NEW that its event has.
REGISTRATION = [
    ("ins", "INSERT", f"NEW.status = '{PUBLISHED}'"),
    ("upd", "UPDATE", f"OLD.status = '{PUBLISHED}' OR NEW.status = '{PUBLISHED}'"),
    ("del", "DELETE", f"OLD.status = '{PUBLISHED}'"),
]


def _sqlite(tables):
    bump = BUMP.format(**tables)

    def published(row):
        return (
            f"EXISTS (SELECT 1 FROM {tables['registration']} "
            f"WHERE id = {row}.registration_id AND status = '{PUBLISHED}')"
        )

    answers = [
        ("ins", "INSERT", published("NEW")),
        ("upd", "UPDATE", f"{published('OLD')} OR {published('NEW')}"),
        ("del", "DELETE", published("OLD")),
    ]
    triggers = [
        *(
            (f"registration_{name}", event, "registration", when)
            for name, event, when in REGISTRATION
        ),
        *((f"answers_{name}", event, "answers", when) for name, event, when in answers),
        *((f"prefecture_{name}", event, "prefecture", None) for name, event, _ in REGISTRATION),
    ]
    create = [
        f"CREATE TRIGGER registry_public_list_{name} AFTER {event} ON {tables[table]} "
        f"FOR EACH ROW {f'WHEN {when} ' if when else ''}BEGIN {bump}; END"
        for name, event, table, when in triggers
    ]
    drop = [f"DROP TRIGGER IF EXISTS registry_public_list_{name}" for name, *_ in triggers]
    return create, drop


def _postgresql(tables):
    bump = BUMP.format(**tables)
    create = [
        f"""CREATE FUNCTION registry_public_list_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {bump};
    RETURN NULL;
END $$""",
        f"""CREATE FUNCTION registry_public_list_answers_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    registration_status text;
BEGIN
    -- FOR SHARE: a concurrent change of the registration's status is waited for and seen.
    IF TG_OP <> 'INSERT' THEN
        SELECT status INTO registration_status FROM {tables["registration"]}
        WHERE id = OLD.registration_id FOR SHARE;
        IF registration_status = '{PUBLISHED}' THEN
            {bump};
            RETURN NULL;
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        SELECT status INTO registration_status FROM {tables["registration"]}
        WHERE id = NEW.registration_id FOR SHARE;
        IF registration_status = '{PUBLISHED}' THEN
            {bump};
        END IF;
    END IF;
    RETURN NULL;
END $$""",
    ]
    create += [
        f"CREATE TRIGGER registry_public_list_registration_{name} AFTER {event} "
        f"ON {tables['registration']} FOR EACH ROW WHEN ({condition}) "
        "EXECUTE FUNCTION registry_public_list_changed()"
        for name, event, condition in REGISTRATION
    ]
    create += [
        f"CREATE TRIGGER registry_public_list_answers AFTER INSERT OR UPDATE OR DELETE "
        f"ON {tables['answers']} FOR EACH ROW "
        "EXECUTE FUNCTION registry_public_list_answers_changed()",
        f"CREATE TRIGGER registry_public_list_prefecture AFTER INSERT OR UPDATE OR DELETE "
        f"ON {tables['prefecture']} FOR EACH ROW "
        "EXECUTE FUNCTION registry_public_list_changed()",
    ]
    drop = [
        # Dropping the functions drops the triggers that call them.
        "DROP FUNCTION IF EXISTS registry_public_list_answers_changed() CASCADE",
        "DROP FUNCTION IF EXISTS registry_public_list_changed() CASCADE",
    ]
    return create, drop


VENDORS = {"sqlite": _sqlite, "postgresql": _postgresql}


def _statements(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in VENDORS:
        # Without the triggers the cached public list would go stale: refuse rather than run.
        raise NotImplementedError(f"公開一覧の版のトリガーは {vendor} に未対応です。")
    return VENDORS[vendor](_tables(apps))


def triggers_create(apps, schema_editor):
    create, drop = _statements(apps, schema_editor)
    for statement in [*drop, *create]:
        schema_editor.execute(statement, params=None)


def triggers_drop(apps, schema_editor):
    _, drop = _statements(apps, schema_editor)
    for statement in drop:
        schema_editor.execute(statement, params=None)


# For a later migration that rebuilds one of the tables (SQLite drops its triggers then).
TRIGGERS = migrations.RunPython(triggers_create, triggers_drop)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0022_mail_texts_move_to_portal"),
    ]

    operations = [TRIGGERS]
