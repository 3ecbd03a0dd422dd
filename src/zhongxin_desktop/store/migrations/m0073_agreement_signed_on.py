"""Migration 73: agreements by the day they took effect.

The 工作台 lists written agreements whose 30-day window for judicial confirmation is about to
close (signed 23 to 30 days ago). Without an index on signed_on SQLite read every agreement, with
its facts and clauses (about 47 MB at 100,000 cases), at every refresh of the dashboard.
Idempotent: IF NOT EXISTS."""

import peewee as pw

NUMBER = 73
NAME = "agreement signed_on index"


def apply(db: pw.Database) -> None:
    db.execute_sql('CREATE INDEX IF NOT EXISTS "agreement_signed_on" ON "agreement" ("signed_on")')
