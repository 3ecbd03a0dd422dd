"""Migration 34: the county keeps each township's audit chain head as its bundles reported it,
so a rewritten or rolled-back township log shows at the next import. Idempotent: IF NOT EXISTS."""

import peewee as pw

NUMBER = 34
NAME = "township audit heads"

STATEMENTS = """
CREATE TABLE IF NOT EXISTS "audit_head" ("id" INTEGER NOT NULL PRIMARY KEY, "center_code" VARCHAR(12) NOT NULL, "seq" INTEGER NOT NULL, "hash" VARCHAR(64) NOT NULL, "bundle_sequence" INTEGER NOT NULL, "bundle_created_at" VARCHAR(255) NOT NULL, "received_at" DATETIME NOT NULL, "status" VARCHAR(12) NOT NULL, "reason" TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS "audit_head_center_code" ON "audit_head" ("center_code");
"""


def apply(db: pw.Database) -> None:
    for statement in STATEMENTS.split(";\n"):
        if statement.strip():
            db.execute_sql(statement)


def apply_postgres(db: pw.Database) -> None:
    from zhongxin_desktop.store import models
    from zhongxin_desktop.store.engine import create_model_tables

    create_model_tables(db, [models.AuditHead])
