"""Migration 35: the township's 人民调解委员会 and its 调解员 roster, which travel up to the county
(the statistics count 调委会 and 调解员). Idempotent: IF NOT EXISTS."""
import peewee as pw

NUMBER = 35
NAME = "mediation committees and mediators"

STATEMENTS = """
CREATE TABLE IF NOT EXISTS "mediation_committee" ("id" VARCHAR(36) NOT NULL PRIMARY KEY, "owner_code" VARCHAR(12) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "row_version" INTEGER NOT NULL, "name" VARCHAR(255) NOT NULL, "kind" VARCHAR(16) NOT NULL, "active" INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS "mediation_committee_owner_code" ON "mediation_committee" ("owner_code");
CREATE INDEX IF NOT EXISTS "mediation_committee_updated_at" ON "mediation_committee" ("updated_at");
CREATE TABLE IF NOT EXISTS "mediator" ("id" VARCHAR(36) NOT NULL PRIMARY KEY, "owner_code" VARCHAR(12) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "row_version" INTEGER NOT NULL, "committee_id" VARCHAR(36), "name" VARCHAR(255) NOT NULL, "sex" VARCHAR(2) NOT NULL, "duty" VARCHAR(16) NOT NULL, "phone" VARCHAR(255) NOT NULL, "active" INTEGER NOT NULL, "trained" INTEGER NOT NULL, "user_id" VARCHAR(36), FOREIGN KEY ("committee_id") REFERENCES "mediation_committee" ("id") ON DELETE SET NULL, FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE SET NULL);
CREATE INDEX IF NOT EXISTS "mediator_owner_code" ON "mediator" ("owner_code");
CREATE INDEX IF NOT EXISTS "mediator_updated_at" ON "mediator" ("updated_at");
CREATE INDEX IF NOT EXISTS "mediator_committee_id" ON "mediator" ("committee_id");
CREATE INDEX IF NOT EXISTS "mediator_user_id" ON "mediator" ("user_id");
"""


def apply(db: pw.Database) -> None:
    from zhongxin_desktop.store.migrations import run_statements

    run_statements(db, STATEMENTS)


def apply_postgres(db: pw.Database) -> None:
    from zhongxin_desktop.store import models
    from zhongxin_desktop.store.engine import create_model_tables

    create_model_tables(db, [models.MediationCommittee, models.Mediator])
