"""Migration 17 (cases): the open cases found without reading them.

The 工作台 counts the open cases and the overdue ones, lists the overdue and the soon-due by due
date, and its monthly figures count the cases still open past their deadline. Through the
single-column indexes on status, due_on and closed_on SQLite read every open case's whole row
(facts and claims included) for each of these, 4–5 ms apiece at 100,000 cases, at every start.
Open cases by status with their due dates, and cases by closing day with what an overdue count
tests (this one replaces the index on closed_on alone, which it starts with): a count reads the
index alone and a list reads only the rows it shows. The single-column indexes on status and
due_on stay: the case list pages through them in row order. Portable SQL, the same on both
engines. Idempotent: IF EXISTS / IF NOT EXISTS."""

import peewee as pw

from zhongxin_desktop.store.migrations import run_statements

NUMBER = 17
NAME = "open case indexes"

SQL = """
CREATE INDEX IF NOT EXISTS "case_status_due_on" ON "case" ("status", "due_on");
CREATE INDEX IF NOT EXISTS "case_closed_on_accepted_on_due_on_status" ON "case" ("closed_on", "accepted_on", "due_on", "status");
DROP INDEX IF EXISTS "case_closed_on"
"""


def apply(db: pw.Database) -> None:
    run_statements(db, SQL)
