"""Migration 61: the watch registers — 重点人员 (people under watch) and 困难家庭 (families in
difficulty), each with its grid, the responsible grid worker and how often to visit, and the
visits made. New tables only: IF NOT EXISTS makes it idempotent."""

import peewee as pw

NUMBER = 61
NAME = "watch registers"

SQL = """
CREATE TABLE IF NOT EXISTS "watch_person" ("id" VARCHAR(36) NOT NULL PRIMARY KEY, "owner_code" VARCHAR(12) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "row_version" INTEGER NOT NULL, "kind" VARCHAR(8) NOT NULL, "grid_id" VARCHAR(36) NOT NULL, "name" VARCHAR(255) NOT NULL, "id_number" VARCHAR(255) NOT NULL, "phone" VARCHAR(255) NOT NULL, "address" VARCHAR(255) NOT NULL, "reason" TEXT NOT NULL, "help_given" TEXT NOT NULL, "worker_name" VARCHAR(255) NOT NULL, "visit_every_days" INTEGER NOT NULL, "since" DATE NOT NULL, "active" INTEGER NOT NULL, FOREIGN KEY ("grid_id") REFERENCES "grid" ("id") ON DELETE CASCADE);
CREATE INDEX IF NOT EXISTS "watch_person_owner_code" ON "watch_person" ("owner_code");
CREATE INDEX IF NOT EXISTS "watch_person_updated_at" ON "watch_person" ("updated_at");
CREATE INDEX IF NOT EXISTS "watch_person_kind" ON "watch_person" ("kind");
CREATE INDEX IF NOT EXISTS "watch_person_grid_id" ON "watch_person" ("grid_id");
CREATE TABLE IF NOT EXISTS "watch_visit" ("id" VARCHAR(36) NOT NULL PRIMARY KEY, "owner_code" VARCHAR(12) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "row_version" INTEGER NOT NULL, "person_id" VARCHAR(36) NOT NULL, "visited_on" DATE NOT NULL, "visitor" VARCHAR(255) NOT NULL, "notes" TEXT NOT NULL, "help_given" TEXT NOT NULL, FOREIGN KEY ("person_id") REFERENCES "watch_person" ("id") ON DELETE CASCADE);
CREATE INDEX IF NOT EXISTS "watch_visit_owner_code" ON "watch_visit" ("owner_code");
CREATE INDEX IF NOT EXISTS "watch_visit_updated_at" ON "watch_visit" ("updated_at");
CREATE INDEX IF NOT EXISTS "watch_visit_person_id" ON "watch_visit" ("person_id");
CREATE INDEX IF NOT EXISTS "watch_visit_visited_on" ON "watch_visit" ("visited_on");
"""


def apply(db: pw.Database) -> None:
    from zhongxin_desktop.store.migrations import run_statements

    run_statements(db, SQL)


def apply_postgres(db: pw.Database) -> None:
    """The SQLite DDL above says DATETIME and 0/1 flags; on a server the tables come from the
    models (a fresh database already has them from migration 1; safe=True makes this a no-op)."""
    from zhongxin_desktop.store import models
    from zhongxin_desktop.store.engine import create_model_tables

    create_model_tables(db, [models.WatchPerson, models.WatchVisit])
