"""installer/zhongxin-serve.service as systemd reads it, and its own command line run as written.

systemd itself cannot run here (no init system in a container), so the unit is checked by
`systemd-analyze verify` (syntax, sections, the executable) and its ExecStart is run as the service
would run it: the same arguments and the environment file, only the program's path, the data
folder and the port moved to this machine's."""
from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from helpers import free_port, need, run_cli
from zhongxin_desktop.paths import DataDir

pytestmark = pytest.mark.slow

UNIT = Path(__file__).resolve().parents[1] / "installer" / "zhongxin-serve.service"
PROGRAM = Path(sys.executable).with_name("zhongxin")  # what the package installs as /usr/bin/zhongxin


def _service_section() -> dict[str, str]:
    values, section = {}, ""
    for line in UNIT.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("["):
            section = line
        elif section == "[Service]" and "=" in line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    return values


def _here(text: str, data: Path, port: int) -> str:
    return (text.replace("/usr/bin/zhongxin", str(PROGRAM)).replace("/var/lib/zhongxin", str(data))
            .replace("127.0.0.1:8080", f"127.0.0.1:{port}"))



def test_systemd_accepts_the_unit(tmp_path):
    need(shutil.which("systemd-analyze") is not None, "systemd-analyze", "apt package systemd (scripts/bootstrap)")
    unit = tmp_path / "zhongxin-serve.service"
    unit.write_text(_here(UNIT.read_text(encoding="utf-8"), tmp_path / "data", 8080), encoding="utf-8")
    result = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "zhongxin-serve.service" not in result.stderr, result.stderr  # no complaint about our unit


def test_the_units_command_line_serves_a_county(tmp_path):
    service = _service_section()
    assert service["ExecStart"].startswith("/usr/bin/zhongxin ") and service["User"] == "zhongxin"
    assert service["ReadWritePaths"] == "/var/lib/zhongxin"  # the data folder ExecStart names
    data, port = tmp_path / "var-lib-zhongxin", free_port()
    made = run_cli("init", "--county", "520102", "--name", "某县综治中心", "--admin", "admin",
                   data=DataDir(data), password="Test2026pass")
    assert made.returncode == 0, made.stderr
    argv = shlex.split(_here(service["ExecStart"], data, port))
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHONGXIN_")}  # systemd passes none
    log = (tmp_path / "serve.log").open("w", encoding="utf-8")
    proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline, health = time.monotonic() + 90, None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as answer:
                    health = (answer.status, json.loads(answer.read()))
                    break
            except OSError:
                time.sleep(0.2)
        assert health is not None, (tmp_path / "serve.log").read_text(encoding="utf-8")
        assert health[0] == 200 and health[1]["status"] == "ok"
    finally:
        proc.terminate()
        proc.wait(30)
        log.close()
    # Restart=on-failure: a stop by the service manager (SIGTERM) is not a failure to restart from
    assert proc.returncode in (0, -15), (tmp_path / "serve.log").read_text(encoding="utf-8")
