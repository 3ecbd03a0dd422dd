"""Migration 7: on a server store, indexes for two-character names.

The county's search box matches a word against the parties' names and their agents' names
(services/casework/server_search.py). Trigram indexes (migration 10) cannot serve a word of two
characters — most Chinese given names and many full names: ``LIKE '%王伟%'`` holds no whole
trigram, so the server compared the word with every party (measured: 600 ms of a 790 ms search at
200,000 cases, growing with the county). ``zx_bigrams(text)`` gives a name's two-character pieces;
a GIN index over it answers "the name contains this two-character word" exactly. The agents'
names get the same pair of indexes (trigrams for longer words), only over the rows that have an
agent. The SQLite file searches its own FTS index of bigrams and needs nothing here.
Idempotent: OR REPLACE, IF NOT EXISTS."""

import peewee as pw

NUMBER = 7
NAME = "two-character name indexes (server)"

STATEMENTS = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE OR REPLACE FUNCTION zx_bigrams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS "
    "'SELECT coalesce(array_agg(DISTINCT substr(t, i, 2)), ''{}'') "
    "FROM generate_series(1, char_length(t) - 1) AS i'",
    'CREATE INDEX IF NOT EXISTS "party_name_bigrams" ON "party" USING gin (zx_bigrams("name"))',
    'CREATE INDEX IF NOT EXISTS "case_party_agent_bigrams" ON "case_party" USING gin (zx_bigrams("agent_name")) '
    "WHERE \"agent_name\" <> ''",
    'CREATE INDEX IF NOT EXISTS "case_party_agent_trgm" ON "case_party" USING gin ("agent_name" gin_trgm_ops) '
    "WHERE \"agent_name\" <> ''",
]


def apply(db: pw.Database) -> None:
    """The data folder's file: nothing (its own search index covers these names)."""


def apply_postgres(db: pw.Database) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
