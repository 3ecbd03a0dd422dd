"""Persistence: peewee models over one SQLite file, migrations, backups."""
