"""Migration 20: agreements keep a snapshot of the parties as they were when it was drawn up.

A signed agreement is a legal document: editing a party on the case later must not change what
an already signed version prints or what its verification hash covers.
"""

import peewee as pw

NUMBER = 20
NAME = "agreement party snapshot"


def apply(db: pw.Database) -> None:
    columns = {c.name for c in db.get_columns("agreement")}
    if "parties" not in columns:
        db.execute_sql("ALTER TABLE \"agreement\" ADD COLUMN \"parties\" TEXT NOT NULL DEFAULT '[]'")
