"""What the installers rely on in the app: one version number, the GUI's headless smoke start
(installer/smoke.sh), and names the Windows installer shares with the app."""
from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import pytest

from helpers import run_cli
from zhongxin_desktop import __version__
from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.ui import single_instance_win

ROOT = Path(__file__).resolve().parents[2]
ISS = ROOT / "installer" / "windows" / "zhongxin.iss"


def test_one_version_number_from_pyproject(data_dir):
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    assert __version__ == version
    result = run_cli("--version", data=data_dir)
    assert result.returncode == 0 and result.stdout.strip() == f"zhongxin {version}"


@pytest.fixture
def demo_folder(demo_template, tmp_path) -> DataDir:
    data = DataDir(tmp_path / "smoke").ensure()
    shutil.copyfile(demo_template, data.database)
    return data


def test_smoke_test_opens_every_page_and_quits_by_itself(demo_folder):
    from zhongxin_desktop.services.demo import DEMO_PASSWORD
    from zhongxin_desktop.ui.pages import PAGES

    result = run_cli("--smoke-test", data=demo_folder, user="zhuren", password=DEMO_PASSWORD)
    assert result.returncode == 0, result.stderr
    assert "smoke-test ok" in result.stdout
    assert f"{len(PAGES)} pages: " + ", ".join(key for key, _, _ in PAGES) in result.stdout


def test_smoke_test_fails_loudly_instead_of_waiting_for_a_click(demo_folder, tmp_path):
    result = run_cli("--smoke-test", data=demo_folder, user="admin", password="wrong-password")
    assert result.returncode == 1 and "smoke-test" in result.stderr
    empty = DataDir(tmp_path / "empty")
    result = run_cli("--smoke-test", data=empty, user="admin", password="x")
    assert result.returncode == 1 and "zhongxin demo" in result.stderr


def test_windows_installer_and_app_agree_on_the_mutex_and_data_folder():
    from zhongxin_desktop import APP_NAME

    text = ISS.read_text("utf-8-sig")
    assert ISS.read_bytes().startswith(b"\xef\xbb\xbf"), "Inno Setup reads non-ASCII scripts only as UTF-8 with BOM"
    mutexes = re.search(r"^AppMutex=(.+)$", text, re.M).group(1).split(",")
    assert single_instance_win.MUTEX_NAME in mutexes
    assert f"Global\\{single_instance_win.MUTEX_NAME}" in mutexes
    # the uninstaller's "delete the data too?" question must point at the app's real data folder
    assert f'#define DataFolderName "{APP_NAME}"' in text


def test_app_mutex_is_a_no_op_off_windows(monkeypatch):
    monkeypatch.setattr(single_instance_win.sys, "platform", "linux")
    single_instance_win.hold_app_mutex()
    assert single_instance_win._handles == []
