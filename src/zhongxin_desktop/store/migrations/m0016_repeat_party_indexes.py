"""Migration 16 (cases): an index behind each way the 工作台 finds a person in two or more cases.

services/casework/repeat_parties.within_center groups a center's parties by ID number and by name with
phone. Without these indexes SQLite walked every party through the owner_code index and sorted
them all twice (1.2 s at 100,000 cases, at every start); with them each grouping is one read of
an index already in that order. Portable SQL, the same on both engines. Idempotent: IF NOT EXISTS."""

import peewee as pw

from zhongxin_desktop.store.migrations import run_statements

NUMBER = 16
NAME = "repeat party indexes"

SQL = """
CREATE INDEX IF NOT EXISTS "party_owner_code_id_number" ON "party" ("owner_code", "id_number");
CREATE INDEX IF NOT EXISTS "party_owner_code_phone_name" ON "party" ("owner_code", "phone", "name")
"""


def apply(db: pw.Database) -> None:
    run_statements(db, SQL)
