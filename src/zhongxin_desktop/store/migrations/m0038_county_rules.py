"""Migration 38: the rules a county publishes for its townships, version by version. Idempotent."""
NUMBER = 38
NAME = "county rules"

STATEMENTS = """
CREATE TABLE IF NOT EXISTS "county_rule" ("id" INTEGER NOT NULL PRIMARY KEY, "county_code" VARCHAR(12) NOT NULL, "version" INTEGER NOT NULL, "document" TEXT NOT NULL, "recorded_at" DATETIME NOT NULL, "recorded_by" VARCHAR(255) NOT NULL, "changes" TEXT NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS "county_rule_county_code_version" ON "county_rule" ("county_code", "version")
"""


def apply(db) -> None:
    from zhongxin_desktop.store.migrations import run_statements

    run_statements(db, STATEMENTS)


def apply_postgres(db) -> None:
    from zhongxin_desktop.store import models
    from zhongxin_desktop.store.engine import create_model_tables

    create_model_tables(db, [models.CountyRule])
