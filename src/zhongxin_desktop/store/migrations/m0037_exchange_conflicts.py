"""Migration 37: conflicts the county holds (both versions) and settles. Idempotent: IF NOT EXISTS."""
NUMBER = 37
NAME = "exchange conflicts"

STATEMENTS = """
CREATE TABLE IF NOT EXISTS "exchange_conflict" ("id" VARCHAR(36) NOT NULL PRIMARY KEY, "center_code" VARCHAR(12) NOT NULL, "table_name" VARCHAR(40) NOT NULL, "row_id" VARCHAR(36) NOT NULL, "row_version" INTEGER NOT NULL, "held" TEXT NOT NULL, "incoming" TEXT NOT NULL, "incoming_hash" VARCHAR(32) NOT NULL, "bundle_sequence" INTEGER NOT NULL, "found_at" DATETIME NOT NULL, "status" VARCHAR(12) NOT NULL, "keep" VARCHAR(10) NOT NULL, "reason" TEXT NOT NULL, "resolved_by" VARCHAR(255) NOT NULL, "resolved_at" DATETIME);
CREATE INDEX IF NOT EXISTS "exchange_conflict_center_code" ON "exchange_conflict" ("center_code");
CREATE INDEX IF NOT EXISTS "exchange_conflict_row_id" ON "exchange_conflict" ("row_id")
"""


def apply(db) -> None:
    from zhongxin_desktop.store.migrations import run_statements

    run_statements(db, STATEMENTS)


def apply_postgres(db) -> None:
    from zhongxin_desktop.store import models
    from zhongxin_desktop.store.engine import create_model_tables

    create_model_tables(db, [models.ExchangeConflict])
