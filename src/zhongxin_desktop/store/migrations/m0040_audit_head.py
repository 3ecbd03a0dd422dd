"""Migration 40: the audit head for databases made before it existed.

Version 0.1.0 kept the audit chain without its head (setting ``audit_head``, the seq and hash of
the newest entry, updated with every entry). Such a file failed ``zhongxin check`` ("audit_head
缺失") until someone signed in and an entry wrote the head. The head is set here from the newest
entry; a deletion of the chain's tail before this upgrade stays visible against the heads of
older backups. Idempotent: nothing to do when the head exists or the log is empty."""

import peewee as pw
import datetime as dt
import json

NUMBER = 40
NAME = "audit head"


def apply(db: pw.Database) -> None:
    tables = db.get_tables()
    if "setting" not in tables or "audit_event" not in tables:
        return
    if db.execute_sql("SELECT 1 FROM setting WHERE key = 'audit_head'").fetchone():
        return
    last = db.execute_sql("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1").fetchone()
    if last is None:
        return
    db.execute_sql('INSERT INTO "setting" ("key", "value", "updated_at") VALUES (?, ?, ?)',
                   ("audit_head", json.dumps({"seq": last[0], "hash": last[1]}),
                    dt.datetime.utcnow().isoformat(sep=" ")))


def apply_postgres(db: pw.Database) -> None:
    """The same repair in portable SQL: a real timestamp rather than SQLite's text, and a head
    written meanwhile by another process is left as it is."""
    last = db.execute_sql('SELECT "seq", "hash" FROM "audit_event" ORDER BY "seq" DESC LIMIT 1').fetchone()
    if last is None:
        return
    db.execute_sql('INSERT INTO "setting" ("key", "value", "updated_at") VALUES (?, ?, ?) '
                   'ON CONFLICT ("key") DO NOTHING',
                   ("audit_head", json.dumps({"seq": last[0], "hash": last[1]}), dt.datetime.utcnow()))
