"""Migration 14 (cases): on a server store, an index behind every way a typed word can match.

The county's search (services/casework/server_search.py) first gathers the ids of the cases a word can
match, each part of the word through an index, and sorts only those; a word that matches few or
no cases then costs a few index lookups instead of a walk through every case newest first
(measured: 14–29 s at 4,000,000 cases). The parts that had no index: a two-character word in the
facts or claims (no whole trigram: their bigrams, as migration 7 did for names), a pinyin prefix,
a bare case number, and a legal person's 法定代表人 or contact (only the parties that have one).
The SQLite file searches its own FTS index and needs nothing here. Idempotent: IF NOT EXISTS."""

import peewee as pw

NUMBER = 14
NAME = "county search indexes (server)"

STATEMENTS = [
    'CREATE INDEX IF NOT EXISTS "case_facts_bigrams" ON "case" USING gin (zx_bigrams("facts"))',
    'CREATE INDEX IF NOT EXISTS "case_claims_bigrams" ON "case" USING gin (zx_bigrams("claims"))',
    'CREATE INDEX IF NOT EXISTS "party_name_pinyin_prefix" ON "party" ("name_pinyin" text_pattern_ops)',
    'CREATE INDEX IF NOT EXISTS "party_name_initials_prefix" ON "party" ("name_initials" text_pattern_ops)',
    'CREATE INDEX IF NOT EXISTS "case_case_seq" ON "case" ("case_seq")',
    'CREATE INDEX IF NOT EXISTS "party_representatives" ON "party" ("id") '
    "WHERE \"legal_rep\" <> '' OR \"contact\" <> ''",
]


def apply(db: pw.Database) -> None:
    """The data folder's file: nothing (its own search index covers every part of a word)."""


def apply_postgres(db: pw.Database) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
