"""Migration 36: the county's match keys of parties (ID number; name and phone) and how many
townships each was seen in, so people in the cases of several townships are listed without
reading every party. Filled as bundles are applied, and from the rows already held at the first
listing (exchange/person_index.py). Idempotent: IF NOT EXISTS."""
import peewee as pw

NUMBER = 36
NAME = "person match keys"

STATEMENTS = """
CREATE TABLE IF NOT EXISTS "person_key" ("id" INTEGER NOT NULL PRIMARY KEY, "key" VARCHAR(40) NOT NULL, "party_id" VARCHAR(36) NOT NULL, "owner_code" VARCHAR(12) NOT NULL, FOREIGN KEY ("party_id") REFERENCES "party" ("id") ON DELETE CASCADE);
CREATE INDEX IF NOT EXISTS "person_key_key" ON "person_key" ("key");
CREATE INDEX IF NOT EXISTS "person_key_party_id" ON "person_key" ("party_id");
CREATE TABLE IF NOT EXISTS "person_spread" ("key" VARCHAR(40) NOT NULL PRIMARY KEY, "townships" INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS "person_spread_townships" ON "person_spread" ("townships");
"""


def apply(db: pw.Database) -> None:
    from zhongxin_desktop.store.migrations import run_statements

    run_statements(db, STATEMENTS)


def apply_postgres(db: pw.Database) -> None:
    from zhongxin_desktop.store import models
    from zhongxin_desktop.store.engine import create_model_tables

    create_model_tables(db, [models.PersonKey, models.PersonSpread])
