"""PostgreSQL's driver stays out of a township's start (peewee would import it with itself) and
is there the moment a county opens its server store; the other heavy libraries (printing, Excel,
signatures) wait for their first use too. All in fresh interpreters, as the window and the command
line start."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest


def _python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_window_and_the_store_start_without_the_server_driver_and_other_heavy_libraries():
    out = _python("""
        import sys
        from zhongxin_desktop.store import connection, models
        from zhongxin_desktop.ui import app, main_window
        from zhongxin_desktop.ui.dialogs import login
        from zhongxin_desktop.ui.pages import dashboard
        print(sorted(m for m in ("psycopg", "reportlab", "openpyxl", "cryptography") if m in sys.modules))
    """)
    assert out == "[]"


@pytest.mark.slow
def test_a_server_store_gets_the_driver_and_works_in_transactions(pg_cluster):
    url = pg_cluster.create_database()
    out = _python(f"""
        from zhongxin_desktop.store import models
        from zhongxin_desktop.store.engine import make_server_database
        db = make_server_database({url!r})
        db.connect()
        db.execute_sql("CREATE TABLE t (v integer)")
        with db.atomic():
            db.execute_sql("INSERT INTO t VALUES (?)", (7,))
            inside = db.in_transaction()
        try:
            with db.atomic():
                db.execute_sql("INSERT INTO t VALUES (?)", (8,))
                raise KeyError
        except KeyError:
            pass
        print(inside, db.execute_sql("SELECT sum(v) FROM t").fetchone()[0])
    """)
    assert out == "True 7"
