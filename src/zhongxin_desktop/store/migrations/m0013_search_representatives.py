"""Migration 13 (cases): the search finds a legal person's 法定代表人 and contact person. A change
to either marks the case for re-indexing (like a change of the party's name), and the cases
with a legal person already on file are re-indexed on the next search."""

import peewee as pw

NUMBER = 13
NAME = "search by legal representative"

TRIGGER = """CREATE TRIGGER IF NOT EXISTS "party_rep_dirty_au" AFTER UPDATE OF legal_rep, contact ON "party" BEGIN
  INSERT OR IGNORE INTO case_search_dirty(case_id) SELECT case_id FROM case_party WHERE party_id = new.id;
END"""


def apply(db: pw.Database) -> None:
    db.execute_sql(TRIGGER)
    db.execute_sql("INSERT OR IGNORE INTO case_search_dirty(case_id) SELECT DISTINCT cp.case_id FROM case_party cp"
                   " JOIN party p ON p.id = cp.party_id WHERE p.legal_rep != '' OR p.contact != ''")


def apply_postgres(db: pw.Database) -> None:
    """A server database searches the party rows themselves (services/casework/server_search.py)."""
