"""Migration 60: the 十联户 as the township lives it.

A unit lists its households (户主, address, people, phone, tags) and records how its 联户长 was
chosen (联户选、片警审、支部核: dates and who approved); a grid names its 党小组 and 党支部; events
and visits carry a 十联 category, and a 联户长's report or 入户走访 points at the unit, so the
household heads' work can be counted. Idempotent: columns are added only when missing."""

import peewee as pw

NUMBER = 60
NAME = "household heads' work"

COLUMNS = {
    "grid": [("party_group", "VARCHAR(255) NOT NULL DEFAULT ''"), ("party_branch", "VARCHAR(255) NOT NULL DEFAULT ''")],
    "household_unit": [("elected_on", "DATE"), ("police_reviewed_on", "DATE"),
                       ("police_reviewer", "VARCHAR(255) NOT NULL DEFAULT ''"), ("branch_confirmed_on", "DATE"),
                       ("branch_confirmer", "VARCHAR(255) NOT NULL DEFAULT ''")],
    "grid_event": [("tenlink", "VARCHAR(255) NOT NULL DEFAULT ''"),
                   ("unit_id", 'VARCHAR(36) REFERENCES "household_unit" ("id") ON DELETE SET NULL')],
    "grid_visit": [("visitor_role", "VARCHAR(255) NOT NULL DEFAULT '网格员'"),
                   ("unit_id", 'VARCHAR(36) REFERENCES "household_unit" ("id") ON DELETE SET NULL'),
                   ("tenlink", "VARCHAR(255) NOT NULL DEFAULT ''")],
}

SQL = """
CREATE TABLE IF NOT EXISTS "household" ("id" VARCHAR(36) NOT NULL PRIMARY KEY, "owner_code" VARCHAR(12) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "row_version" INTEGER NOT NULL, "unit_id" VARCHAR(36) NOT NULL, "head_name" VARCHAR(255) NOT NULL, "address" VARCHAR(255) NOT NULL, "members" INTEGER NOT NULL, "phone" VARCHAR(255) NOT NULL, "tags" VARCHAR(255) NOT NULL, FOREIGN KEY ("unit_id") REFERENCES "household_unit" ("id") ON DELETE CASCADE);
CREATE INDEX IF NOT EXISTS "household_owner_code" ON "household" ("owner_code");
CREATE INDEX IF NOT EXISTS "household_updated_at" ON "household" ("updated_at");
CREATE INDEX IF NOT EXISTS "household_unit_id" ON "household" ("unit_id");
CREATE INDEX IF NOT EXISTS "grid_event_unit_id" ON "grid_event" ("unit_id");
CREATE INDEX IF NOT EXISTS "grid_visit_unit_id" ON "grid_visit" ("unit_id");
"""


def apply(db: pw.Database) -> None:
    for table, columns in COLUMNS.items():
        have = {c.name for c in db.get_columns(table)}
        for name, decl in columns:
            if name not in have:
                db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "{name}" {decl}')
    from zhongxin_desktop.store.migrations import run_statements

    run_statements(db, SQL)


def apply_postgres(db: pw.Database) -> None:
    """A fresh server database has all of this from the models (migration 1); one made before
    gets the columns and the household table here. IF NOT EXISTS keeps a re-run harmless."""
    from zhongxin_desktop.store import models
    from zhongxin_desktop.store.engine import create_model_tables

    for table, columns in COLUMNS.items():
        for name, decl in columns:
            db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN IF NOT EXISTS "{name}" {decl}')
    create_model_tables(db, [models.Household])
    db.execute_sql('CREATE INDEX IF NOT EXISTS "grid_event_unit_id" ON "grid_event" ("unit_id")')
    db.execute_sql('CREATE INDEX IF NOT EXISTS "grid_visit_unit_id" ON "grid_visit" ("unit_id")')
