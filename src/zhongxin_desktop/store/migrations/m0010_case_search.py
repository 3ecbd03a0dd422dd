"""Migration 10 (cases): the case search index and the lookups duplicates and the list need.

``case_search`` holds one row per case with tokenised names, pinyin, reversed phone/ID digits,
case-number tokens and facts (see domain/search_terms.py); ``case_fts`` is an FTS5 index over
it (external content, kept in step by triggers). The text is tokenised in Python, so it cannot
be written by SQL triggers; instead plain-SQL triggers on case/party/case_party put the case id
in ``case_search_dirty`` whenever something searchable changes, whoever writes it (imports,
the exchange, another version of the app). The services index their own writes at once and
index the dirty ones before every search.
"""

import peewee as pw
import sqlite3

NUMBER = 10
NAME = "case search index"

STATEMENTS = """
CREATE TABLE IF NOT EXISTS "case_search" ("doc_id" INTEGER NOT NULL PRIMARY KEY, "case_id" VARCHAR(36) NOT NULL, "names" TEXT NOT NULL, "pinyin" TEXT NOT NULL, "tails" TEXT NOT NULL, "caseno" TEXT NOT NULL, "body" TEXT NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS "case_search_case_id" ON "case_search" ("case_id");
CREATE TABLE IF NOT EXISTS "case_search_dirty" ("case_id" VARCHAR(36) NOT NULL PRIMARY KEY);
CREATE VIRTUAL TABLE IF NOT EXISTS "case_fts" USING fts5(names, pinyin, tails, caseno, body, content='case_search', content_rowid='doc_id', tokenize='unicode61 remove_diacritics 0');
CREATE TRIGGER IF NOT EXISTS "case_search_ai" AFTER INSERT ON "case_search" BEGIN
  INSERT INTO case_fts(rowid, names, pinyin, tails, caseno, body) VALUES (new.doc_id, new.names, new.pinyin, new.tails, new.caseno, new.body);
END;
CREATE TRIGGER IF NOT EXISTS "case_search_ad" AFTER DELETE ON "case_search" BEGIN
  INSERT INTO case_fts(case_fts, rowid, names, pinyin, tails, caseno, body) VALUES ('delete', old.doc_id, old.names, old.pinyin, old.tails, old.caseno, old.body);
END;
CREATE TRIGGER IF NOT EXISTS "case_search_au" AFTER UPDATE ON "case_search" BEGIN
  INSERT INTO case_fts(case_fts, rowid, names, pinyin, tails, caseno, body) VALUES ('delete', old.doc_id, old.names, old.pinyin, old.tails, old.caseno, old.body);
  INSERT INTO case_fts(rowid, names, pinyin, tails, caseno, body) VALUES (new.doc_id, new.names, new.pinyin, new.tails, new.caseno, new.body);
END;
CREATE TRIGGER IF NOT EXISTS "case_dirty_ai" AFTER INSERT ON "case" BEGIN
  INSERT OR IGNORE INTO case_search_dirty(case_id) VALUES (new.id);
END;
CREATE TRIGGER IF NOT EXISTS "case_dirty_au" AFTER UPDATE OF case_no, case_year, case_seq, facts, claims ON "case" BEGIN
  INSERT OR IGNORE INTO case_search_dirty(case_id) VALUES (new.id);
END;
CREATE TRIGGER IF NOT EXISTS "case_dirty_ad" AFTER DELETE ON "case" BEGIN
  INSERT OR IGNORE INTO case_search_dirty(case_id) VALUES (old.id);
END;
CREATE TRIGGER IF NOT EXISTS "party_dirty_au" AFTER UPDATE OF name, name_pinyin, name_initials, phone, id_number ON "party" BEGIN
  INSERT OR IGNORE INTO case_search_dirty(case_id) SELECT case_id FROM case_party WHERE party_id = new.id;
END;
CREATE TRIGGER IF NOT EXISTS "case_party_dirty_ai" AFTER INSERT ON "case_party" BEGIN
  INSERT OR IGNORE INTO case_search_dirty(case_id) VALUES (new.case_id);
END;
CREATE TRIGGER IF NOT EXISTS "case_party_dirty_au" AFTER UPDATE OF party_id, agent_name ON "case_party" BEGIN
  INSERT OR IGNORE INTO case_search_dirty(case_id) VALUES (new.case_id);
END;
CREATE TRIGGER IF NOT EXISTS "case_party_dirty_ad" AFTER DELETE ON "case_party" BEGIN
  INSERT OR IGNORE INTO case_search_dirty(case_id) VALUES (old.case_id);
END;
CREATE INDEX IF NOT EXISTS "party_id_number" ON "party" ("id_number");
CREATE INDEX IF NOT EXISTS "party_phone" ON "party" ("phone");
CREATE INDEX IF NOT EXISTS "case_case_year_case_seq" ON "case" ("case_year", "case_seq");
"""


def _statements(script: str) -> list[str]:
    """Whole statements (a trigger body holds semicolons of its own)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    return out


def apply(db: pw.Database) -> None:
    for statement in _statements(STATEMENTS):
        db.execute_sql(statement)
    # Cases written before this migration are indexed on the first search.
    db.execute_sql('INSERT OR IGNORE INTO case_search_dirty(case_id) SELECT id FROM "case"')


# On PostgreSQL a search reads the cases and parties themselves through trigram indexes
# (services/casework/server_search.py); case_search exists so the services' own indexing writes succeed.
TRIGRAM_INDEXES = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS "party_name_trgm" ON "party" USING gin ("name" gin_trgm_ops);
CREATE INDEX IF NOT EXISTS "case_facts_trgm" ON "case" USING gin ("facts" gin_trgm_ops);
CREATE INDEX IF NOT EXISTS "case_claims_trgm" ON "case" USING gin ("claims" gin_trgm_ops);
CREATE INDEX IF NOT EXISTS "party_phone_tail" ON "party" ("phone_tail");
CREATE INDEX IF NOT EXISTS "party_id_tail" ON "party" ("id_tail");
CREATE INDEX IF NOT EXISTS "case_case_year_case_seq" ON "case" ("case_year", "case_seq")
"""


def apply_postgres(db: pw.Database) -> None:
    from zhongxin_desktop.store import models
    from zhongxin_desktop.store.engine import create_model_tables

    create_model_tables(db, [models.CaseSearch, models.CaseSearchDirty])
    for statement in TRIGRAM_INDEXES.split(";\n"):
        if statement.strip():
            db.execute_sql(statement)
