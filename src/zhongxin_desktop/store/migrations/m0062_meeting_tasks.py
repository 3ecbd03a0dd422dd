"""Migration 62: the decisions of the weekly 研判 meeting as tracked tasks (owner, due date,
status, result), carried into each weekly briefing until closed. A new table: IF NOT EXISTS
makes it idempotent."""

import peewee as pw

NUMBER = 62
NAME = "meeting tasks"

SQL = """
CREATE TABLE IF NOT EXISTS "grid_task" ("id" VARCHAR(36) NOT NULL PRIMARY KEY, "owner_code" VARCHAR(12) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "row_version" INTEGER NOT NULL, "meeting_id" VARCHAR(36), "grid_id" VARCHAR(36), "decided_on" DATE NOT NULL, "content" TEXT NOT NULL, "owner" VARCHAR(255) NOT NULL, "due_on" DATE NOT NULL, "status" VARCHAR(8) NOT NULL, "done_on" DATE, "result" TEXT NOT NULL, FOREIGN KEY ("meeting_id") REFERENCES "grid_meeting" ("id") ON DELETE SET NULL, FOREIGN KEY ("grid_id") REFERENCES "grid" ("id") ON DELETE SET NULL);
CREATE INDEX IF NOT EXISTS "grid_task_owner_code" ON "grid_task" ("owner_code");
CREATE INDEX IF NOT EXISTS "grid_task_updated_at" ON "grid_task" ("updated_at");
CREATE INDEX IF NOT EXISTS "grid_task_meeting_id" ON "grid_task" ("meeting_id");
CREATE INDEX IF NOT EXISTS "grid_task_grid_id" ON "grid_task" ("grid_id");
CREATE INDEX IF NOT EXISTS "grid_task_decided_on" ON "grid_task" ("decided_on");
"""


def apply(db: pw.Database) -> None:
    from zhongxin_desktop.store.migrations import run_statements

    run_statements(db, SQL)


def apply_postgres(db: pw.Database) -> None:
    """The SQLite DDL above says DATETIME and 0/1 flags; on a server the tables come from the
    models (a fresh database already has them from migration 1; safe=True makes this a no-op)."""
    from zhongxin_desktop.store import models
    from zhongxin_desktop.store.engine import create_model_tables

    create_model_tables(db, [models.GridTask])
