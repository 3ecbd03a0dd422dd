"""Migration 21: what a court's form asks for and the data lacked.

- party.credit_code: a legal person's 统一社会信用代码 (GB 32100), printed on every form in place
  of a natural person's ID number; party.legal_rep_title: the 法定代表人/负责人's 职务.
- agreement.perform_place: 履行的地点 (《人民调解工作若干规定》§35: 方式、地点、期限).

Idempotent: each column is added only when missing."""

import peewee as pw

NUMBER = 21
NAME = "party credit code, representative's title, place of performance"

COLUMNS = (("party", "credit_code", "VARCHAR(18) NOT NULL DEFAULT ''"),
           ("party", "legal_rep_title", "VARCHAR(255) NOT NULL DEFAULT ''"),
           ("agreement", "perform_place", "TEXT NOT NULL DEFAULT ''"))


def apply(db: pw.Database) -> None:
    for table, column, ddl in COLUMNS:
        if column not in {c.name for c in db.get_columns(table)}:
            db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "{column}" {ddl}')
