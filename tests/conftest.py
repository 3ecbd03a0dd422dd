"""Shared fixtures: a real SQLite file per test, a demo template copied instead of rebuilt.
The Qt fixtures (a session-wide QApplication on the offscreen platform, app_ctx) are in
tests/gui/conftest.py: the tests out here never start Qt."""
from __future__ import annotations

import os

import sqlite3
import subprocess
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("ZHONGXIN_DATA_DIR", None)
os.environ.pop("ZHONGXIN_USER", None)

import pytest  # noqa: E402

from zhongxin_desktop.domain.roles import Role  # noqa: E402
from zhongxin_desktop.paths import DataDir  # noqa: E402
from zhongxin_desktop.store.connection import close_database, open_database  # noqa: E402

PASSWORD = "Test2026pass"
TOWNSHIP_CODE = "520102003"


@pytest.fixture
def data_dir(tmp_path) -> DataDir:
    return DataDir(tmp_path / "data").ensure()


@pytest.fixture
def db(data_dir):
    database = open_database(data_dir)
    yield database
    close_database()


@pytest.fixture
def township(db):
    """An initialised township with its admin signed in; returns the admin Actor."""
    from zhongxin_desktop.services import center, users

    center.init_center(kind="township", code=TOWNSHIP_CODE, name="测试镇综治中心", committee_short="测试",
                       admin_username="admin", admin_display_name="管理员", admin_password=PASSWORD)
    return users.sign_in("admin", PASSWORD)


@pytest.fixture
def make_user(township):
    """make_user(role) → an Actor of that role, signed in."""
    from zhongxin_desktop.services import users

    def make(role: Role | str, username: str | None = None):
        role = Role(role)
        username = username or f"u_{role.value}"
        users.create_user(township, username, f"{role.label}甲", role, PASSWORD)
        return users.sign_in(username, PASSWORD)

    return make


@pytest.fixture
def beijing_time(monkeypatch):
    """The PC's clock in Beijing time (CST, UTC+8), as on a township clerk's PC."""
    import time

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """A demo township built once per run; tests get a copy of its file."""
    from zhongxin_desktop.services import demo

    folder = DataDir(tmp_path_factory.mktemp("demo-template") / "data").ensure()
    open_database(folder)
    demo.create_demo(cases=300, seed=7)
    close_database()
    return folder.database


@pytest.fixture
def demo_db(demo_template, data_dir):
    """A fresh copy of the demo township; returns the admin Actor."""
    src = sqlite3.connect(demo_template)
    dst = sqlite3.connect(data_dir.database)
    src.backup(dst)
    src.close()
    dst.close()
    open_database(data_dir)
    from zhongxin_desktop.services import demo, users

    yield users.sign_in("admin", demo.DEMO_PASSWORD)
    close_database()


# --- PostgreSQL: the county's server store -------------------------------------------------------

@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL 15 cluster for the whole run (tests/pg_cluster.py). Where CI is meant
    to have it (ZHONGXIN_TEST_POSTGRES=required, set by .ci/run) a cluster that cannot start fails
    the tests that need it; elsewhere they are skipped with the reason."""
    from pg_cluster import Cluster, ClusterUnavailable

    try:
        cluster = Cluster().start()
    except (ClusterUnavailable, OSError, subprocess.SubprocessError) as exc:
        if os.environ.get("ZHONGXIN_TEST_POSTGRES") == "required":
            pytest.fail(f"PostgreSQL is required here but could not be started: {exc}")
        pytest.skip(f"PostgreSQL not available: {exc}")
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def county_url(request) -> str | None:
    """The county's store on each engine: None (the data folder's SQLite file) or a fresh
    PostgreSQL database's URL."""
    if request.param == "sqlite":
        return None
    return request.getfixturevalue("pg_cluster").create_database()


# --- where a test lives ---------------------------------------------------------------------------

def pytest_addoption(parser, pluginmanager):
    """`-p no:pytest-qt` (scripts/run-tests --no-gui) keeps Qt out of the run entirely; pytest-qt's
    settings in pyproject.toml are then nobody's, and pytest would warn about each."""
    if pluginmanager.is_blocked("pytest-qt"):
        for name in ("qt_api", "qt_log_level_fail", "qt_log_ignore"):
            parser.addini(name, "pytest-qt's setting (pytest-qt is not loaded in this run)", type="linelist")


GUI_DIR = Path(__file__).parent / "gui"
QT_FIXTURES = {"qtbot", "qapp", "qapp_args", "qapp_cls"}


def pytest_collection_modifyitems(config, items):
    """A test that takes Qt's fixtures belongs in tests/gui (marked `gui` there): the tests out
    here must run without Qt, so that `-m "not gui"` is the quick run of the rules and services."""
    stray = [item.nodeid for item in items
             if not item.path.is_relative_to(GUI_DIR) and QT_FIXTURES & set(getattr(item, "fixturenames", ()))]
    if stray:
        raise pytest.UsageError("these tests use Qt and belong in tests/gui: " + ", ".join(stray))
