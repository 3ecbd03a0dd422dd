"""Migration 30: the county exchange — tombstones, referrals (交办件), trusted keys,
acknowledgements, the exchange log and received statistics snapshots."""

import peewee as pw

NUMBER = 30
NAME = "county exchange"

STATEMENTS = """
CREATE TABLE IF NOT EXISTS "tombstone" ("id" VARCHAR(36) NOT NULL PRIMARY KEY, "owner_code" VARCHAR(12) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "row_version" INTEGER NOT NULL, "table_name" VARCHAR(40) NOT NULL, "deleted_at" DATETIME NOT NULL);
CREATE INDEX IF NOT EXISTS "tombstone_owner_code" ON "tombstone" ("owner_code");
CREATE INDEX IF NOT EXISTS "tombstone_updated_at" ON "tombstone" ("updated_at");
CREATE TABLE IF NOT EXISTS "referral" ("id" VARCHAR(36) NOT NULL PRIMARY KEY, "owner_code" VARCHAR(12) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "row_version" INTEGER NOT NULL, "township_code" VARCHAR(12) NOT NULL, "category" VARCHAR(16) NOT NULL, "facts" TEXT NOT NULL, "claims" TEXT NOT NULL, "instructions" TEXT NOT NULL, "due_on" DATE, "risk_level" VARCHAR(4) NOT NULL, "parties" TEXT NOT NULL, "created_by" VARCHAR(255) NOT NULL);
CREATE INDEX IF NOT EXISTS "referral_owner_code" ON "referral" ("owner_code");
CREATE INDEX IF NOT EXISTS "referral_updated_at" ON "referral" ("updated_at");
CREATE INDEX IF NOT EXISTS "referral_township_code" ON "referral" ("township_code");
CREATE TABLE IF NOT EXISTS "trusted_key" ("id" INTEGER NOT NULL PRIMARY KEY, "code" VARCHAR(12) NOT NULL, "name" VARCHAR(255) NOT NULL, "kind" VARCHAR(10) NOT NULL, "sign_public" VARCHAR(255) NOT NULL, "enc_public" VARCHAR(255) NOT NULL, "fingerprint" VARCHAR(255) NOT NULL, "trusted_at" DATETIME NOT NULL, "trusted_by" VARCHAR(255) NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS "trusted_key_code" ON "trusted_key" ("code");
CREATE TABLE IF NOT EXISTS "exchange_ack" ("id" INTEGER NOT NULL PRIMARY KEY, "peer_code" VARCHAR(12) NOT NULL, "table_name" VARCHAR(40) NOT NULL, "row_id" VARCHAR(36) NOT NULL, "row_version" INTEGER NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS "exchange_ack_peer_code_row_id" ON "exchange_ack" ("peer_code", "row_id");
CREATE TABLE IF NOT EXISTS "exchange_log" ("id" INTEGER NOT NULL PRIMARY KEY, "at" DATETIME NOT NULL, "direction" VARCHAR(8) NOT NULL, "peer_code" VARCHAR(12) NOT NULL, "sequence" INTEGER NOT NULL, "period" VARCHAR(7) NOT NULL, "file_name" VARCHAR(255) NOT NULL, "file_sha256" VARCHAR(64) NOT NULL, "status" VARCHAR(12) NOT NULL, "username" VARCHAR(255) NOT NULL, "summary" TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS "exchange_log_at" ON "exchange_log" ("at");
CREATE INDEX IF NOT EXISTS "exchange_log_peer_code" ON "exchange_log" ("peer_code");
CREATE INDEX IF NOT EXISTS "exchange_log_file_sha256" ON "exchange_log" ("file_sha256");
CREATE TABLE IF NOT EXISTS "stat_snapshot" ("id" INTEGER NOT NULL PRIMARY KEY, "center_code" VARCHAR(12) NOT NULL, "period" VARCHAR(7) NOT NULL, "data" TEXT NOT NULL, "received_at" DATETIME NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS "stat_snapshot_center_code_period" ON "stat_snapshot" ("center_code", "period");
"""


def apply(db: pw.Database) -> None:
    # CREATE ... IF NOT EXISTS only: re-running after an interrupted upgrade is safe.
    for statement in STATEMENTS.split(";\n"):
        if statement.strip():
            db.execute_sql(statement)


def apply_postgres(db: pw.Database) -> None:
    from zhongxin_desktop.store import models
    from zhongxin_desktop.store.engine import create_model_tables

    create_model_tables(db, [models.Tombstone, models.Referral, models.TrustedKey, models.ExchangeAck,
                             models.ExchangeLog, models.StatSnapshot])
