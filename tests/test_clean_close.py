"""The clean-close marker (store/clean_close.py) on real SQLite files: when a start may skip the
full check, and every way a changed file must still get it."""
import os
import shutil
import subprocess
import sys

import pytest

from page_damage import btree_pages, overwrite_pages_keeping_size_and_mtime

from zhongxin_desktop.store import clean_close, connection
from zhongxin_desktop.store.connection import close_database, open_database
from zhongxin_desktop.store.db import CorruptDatabase


def fresh_open(data_dir) -> bool:
    """Open as the GUI does; True when the full check was skipped (it is owed for later)."""
    open_database(data_dir, trust_clean_close=True)
    return connection.needs_check()


def test_a_clean_close_lets_the_next_start_skip_the_full_check(township, data_dir):
    close_database()
    assert clean_close.marker_path(data_dir.database).exists()
    assert fresh_open(data_dir) is True
    assert not clean_close.marker_path(data_dir.database).exists()  # taken: a crash now leaves none
    close_database()
    assert not clean_close.marker_path(data_dir.database).exists()  # never checked in full this time
    assert fresh_open(data_dir) is False  # so this start checks in full, and may vouch again
    close_database()
    assert clean_close.marker_path(data_dir.database).exists()


def test_the_cli_and_tests_keep_the_full_check_even_after_a_clean_close(township, data_dir):
    close_database()
    open_database(data_dir)  # default: no trust in the marker
    assert connection.needs_check() is False
    assert not clean_close.marker_path(data_dir.database).exists()


def test_a_crash_leaves_no_marker_and_the_next_start_checks_in_full(township, data_dir):
    close_database()
    assert clean_close.marker_path(data_dir.database).exists()
    crash = ("import os, sys\n"
             "from pathlib import Path\n"
             "from zhongxin_desktop.paths import DataDir\n"
             "from zhongxin_desktop.services import settings\n"
             "from zhongxin_desktop.store.connection import open_database\n"
             "open_database(DataDir(Path(sys.argv[1])), trust_clean_close=True)\n"
             "settings.put('report_due_day', 21)\n"
             "os._exit(9)\n")
    result = subprocess.run([sys.executable, "-c", crash, str(data_dir.root)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 9, result.stderr
    assert not clean_close.marker_path(data_dir.database).exists()
    assert clean_close.sidecars_present(data_dir.database)  # the write-ahead log the crash left
    assert fresh_open(data_dir) is False


def test_a_file_changed_after_the_close_with_the_same_size_and_time_is_checked_in_full(demo_db, data_dir):
    close_database()
    path = data_dir.database
    # one sampled page, as a program rewriting the whole file within the same clock tick would
    overwrite_pages_keeping_size_and_mtime(path, btree_pages(path, sampled=True, needed=1)[-1:])
    with pytest.raises(CorruptDatabase):
        fresh_open(data_dir)


def test_a_file_replaced_by_an_identical_copy_is_checked_in_full(township, data_dir):
    close_database()
    path = data_dir.database
    copy = path.with_name("copy.sqlite")
    shutil.copy2(path, copy)  # same bytes, same times: only the inode differs
    os.replace(copy, path)
    assert fresh_open(data_dir) is False


def test_no_marker_while_another_connection_has_the_file_open(township, data_dir):
    import sqlite3

    other = sqlite3.connect(data_dir.database)  # the CLI in another process, say
    other.execute("SELECT count(*) FROM setting").fetchone()
    try:
        close_database()
        assert not clean_close.marker_path(data_dir.database).exists()
    finally:
        other.close()


def test_only_one_of_two_starts_can_take_the_marker(township, data_dir):
    close_database()
    assert clean_close.take_marker(data_dir.database) is True  # the first process
    assert fresh_open(data_dir) is False  # the second: no marker left, full check


def test_damage_outside_the_sample_is_left_to_the_background_check(demo_db, data_dir):
    from zhongxin_desktop.services.safety import integrity

    close_database()
    overwrite_pages_keeping_size_and_mtime(data_dir.database, btree_pages(data_dir.database, sampled=False)[:5])
    assert fresh_open(data_dir) is True  # the sample cannot see it...
    problem = integrity.check_open_database(data_dir)
    assert problem  # ...the full check can
    close_database()
    assert not clean_close.marker_path(data_dir.database).exists()  # a damaged file is never vouched for
    with pytest.raises(CorruptDatabase):
        fresh_open(data_dir)


def test_a_check_that_outlives_its_session_does_not_accuse_the_reopened_file(
        township, data_dir, monkeypatch):
    from zhongxin_desktop.services.safety import integrity

    close_database()
    assert fresh_open(data_dir) is True

    def reopened_while_reading(path, cancel=None):
        close_database()  # a restore: same path, the file opened again
        open_database(data_dir, trust_clean_close=True)
        return "*** in database main *** Page 7: btreeInitPage() returns error code 11"

    monkeypatch.setattr(integrity, "quick_check", reopened_while_reading)
    assert integrity.check_open_database(data_dir) is None  # no alarm about a file no longer open
    assert not connection.current_session().damaged  # nor is the reopened file taken for damaged
    close_database()
    assert clean_close.marker_path(data_dir.database).exists()  # it closes as the whole file it is
