"""Migration 12: a transfer carries the other side's reference number (工单号/案号) and its direction
— out (交办 to a department, their reply awaited) or in (the order a case came with from 12345, 110,
a court, 信访: the reply owed back by its deadline). Idempotent: columns are added only when missing."""

import peewee as pw

NUMBER = 12
NAME = "transfer reference and direction"


def apply(db: pw.Database) -> None:
    have = {c.name for c in db.get_columns("transfer")}
    if "reference" not in have:
        db.execute_sql("ALTER TABLE \"transfer\" ADD COLUMN \"reference\" VARCHAR(255) NOT NULL DEFAULT ''")
    if "direction" not in have:
        db.execute_sql("ALTER TABLE \"transfer\" ADD COLUMN \"direction\" VARCHAR(4) NOT NULL DEFAULT 'out'")


def apply_postgres(db: pw.Database) -> None:
    """A fresh server database has both columns from the model (migration 1); one made before
    them gets them here. IF NOT EXISTS keeps a re-run harmless."""
    db.execute_sql("ALTER TABLE \"transfer\" ADD COLUMN IF NOT EXISTS \"reference\" VARCHAR(255) NOT NULL DEFAULT ''")
    db.execute_sql("ALTER TABLE \"transfer\" ADD COLUMN IF NOT EXISTS \"direction\" VARCHAR(4) NOT NULL DEFAULT 'out'")
