"""Migration 50 (statistics): on a server store, an index that finds the cases overdue at a day.

超期案件数 (services/figures/statistics) counts the cases whose deadline passed before a cutoff day and
that were still not closed on it: ``due_on < cutoff`` and ``closed_on`` empty or on/after it. For
a month long past, "closed on or after the cutoff" is every case closed since, and "due before
it" every case before: each half is most of the county, only their overlap is small. The
interval a case is overdue, ``(due_on, closed_on]`` (open-ended while the case is open; empty
when it closed by its deadline), is one value a GiST index can ask "contains this day?" of, so
the county reads only the cases overdue at that day (services/figures/county_months). The SQLite file
keeps the two counts through its closed_on index (a county there is small). Idempotent."""

import peewee as pw

NUMBER = 50
NAME = "overdue span index (server)"

# The interval as the index holds it; a query must write it the same way to be served by it.
OVERDUE_SPAN = ("daterange(\"due_on\", CASE WHEN \"closed_on\" < \"due_on\" THEN \"due_on\" ELSE \"closed_on\" END, "
                "'(]')")
STATEMENTS = [f'CREATE INDEX IF NOT EXISTS "case_overdue_span" ON "case" USING gist ({OVERDUE_SPAN})']


def apply(db: pw.Database) -> None:
    """The data folder's file: nothing (see above)."""


def apply_postgres(db: pw.Database) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
