"""Migration 11: a case number is unique per owning center, not across the store.

A county store holds the cases of all its townships; two townships whose committees share a
short name would hand out the same （2026）某调字第 1 号. Idempotent: IF EXISTS / IF NOT EXISTS."""

import peewee as pw

NUMBER = 11
NAME = "case number unique per center"


def apply(db: pw.Database) -> None:
    db.execute_sql('DROP INDEX IF EXISTS "case_case_no"')
    db.execute_sql('CREATE UNIQUE INDEX IF NOT EXISTS "case_owner_code_case_no" ON "case" ("owner_code", "case_no")')
    db.execute_sql('CREATE INDEX IF NOT EXISTS "case_case_no" ON "case" ("case_no")')
