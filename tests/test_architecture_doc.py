"""docs/architecture.md stays true: every module, folder and function it names exists, and the
import contracts it describes hold (lint-imports, as CI runs it)."""
from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "zhongxin_desktop"
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


def _named() -> set[str]:
    return {m for m in re.findall(r"`([^`\s]+)`", DOC)}


def _exists(path: str) -> bool:
    if any((base / path).exists() for base in (PACKAGE, ROOT)):
        return True
    # a file named inside its package's bullet ("models.py" under store/): somewhere in the package
    return "/" not in path.rstrip("/") and any(PACKAGE.rglob(path.rstrip("/")))


def _resolves(dotted: str) -> bool:
    """``services.casework.cases.register`` or ``store/case_parties.py``-style module then attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module("zhongxin_desktop." + ".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            if not hasattr(obj, attr):
                return False
            obj = getattr(obj, attr)
        return True
    return False


def test_every_file_and_folder_named_exists():
    paths = [n for n in _named() if re.fullmatch(r"[a-z_0-9/.]+(\.py|\.md|\.toml|/)", n)]
    assert len(paths) > 30
    missing = [p for p in paths if not _exists(p.split(" ")[0])]
    assert not missing, missing


def test_every_module_function_named_exists():
    refs = set()
    for n in _named():
        m = re.fullmatch(r"([a-z_/]+)/([a-z_0-9]+)\.(?!py$)([A-Za-z_][A-Za-z_0-9.]*)", n)
        if m:  # services/casework/cases.register: a module in a sub-package, then its attribute
            refs.add(f"{m.group(1).replace('/', '.')}.{m.group(2)}.{m.group(3)}")
        elif re.fullmatch(r"(domain|store|services|exchange|documents|reports|ui|cli|net)\.[a-z_0-9]+\.[A-Za-z_.]+", n):
            refs.add(n)
    assert len(refs) > 20
    broken = [r for r in sorted(refs) if not _resolves(r)]
    assert not broken, broken


def test_the_import_contracts_hold():
    r = subprocess.run([str(Path(sys.executable).with_name("lint-imports"))], cwd=ROOT, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "0 broken" in r.stdout
