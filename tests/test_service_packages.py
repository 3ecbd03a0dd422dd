"""services/ is grouped by domain into sub-packages, each with a small public API: the modules its
``__init__`` names in ``__all__``. A module whose name starts with an underscore serves its own
package only. Checked here on the real tree and on a planted one, through the same contract CI runs
(``lint-imports``, pyproject's ``private_modules`` contract) and through the import graph (grimp)."""
from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import grimp

import zhongxin_desktop.services as services_pkg

SERVICES = Path(services_pkg.__file__).parent
ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("casework", "settlement", "gridwork", "safety", "countywork", "figures")


def _sub_packages(services: Path) -> list[Path]:
    return sorted(p.parent for p in services.glob("*/__init__.py"))


def _declared(package: Path) -> list[str] | None:
    """The ``__all__`` of a package's ``__init__``, read from the source (importing would prove less)."""
    tree = ast.parse((package / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            return [ast.literal_eval(e) for e in node.value.elts] if isinstance(node.value, ast.List) else None
    return None


def api_problems(services: Path) -> list[str]:
    """Each sub-package says what it is and names its public modules: exactly those without a
    leading underscore, each one a module that exists."""
    found: list[str] = []
    for package in _sub_packages(services):
        if not ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8"))):
            found.append(f"{package.name}: no docstring saying what the package is")
        declared = _declared(package)
        if declared is None:
            found.append(f"{package.name}: no __all__ naming its public modules")
            continue
        modules = sorted(p.stem for p in package.glob("*.py") if p.stem != "__init__")
        public = [m for m in modules if not m.startswith("_")]
        for name in sorted(set(declared) - set(public)):
            found.append(f"{package.name}: __all__ names {name}, which is not a public module of the package")
        for name in sorted(set(public) - set(declared)):
            found.append(f"{package.name}/{name}.py: public (no underscore) but not in __all__")
    return found


def reach_problems(graph: grimp.ImportGraph, services: str) -> list[str]:
    """Imports into a sub-package of ``services`` from outside it that land on a module its
    ``__all__`` does not name (a private module, or one left out of the public API)."""
    found: list[str] = []
    for package in sorted(m for m in graph.find_children(services) if graph.find_children(m)):
        public = {f"{package}.{name}" for name in getattr(sys.modules.get(package), "__all__", ())}
        for module in sorted(graph.find_children(package)):
            for importer in sorted(graph.find_modules_that_directly_import(module)):
                if importer != package and not importer.startswith(package + ".") and module not in public:
                    found.append(f"{importer} -> {module}")
    return found


def test_every_services_package_names_its_public_modules():
    packages = _sub_packages(SERVICES)
    assert [p.name for p in packages] == sorted(PACKAGES)
    walked = sum(1 for p in packages for _ in p.glob("*.py"))
    assert walked > 50  # the walk reached the moved modules, not empty folders
    assert api_problems(SERVICES) == []


def test_nothing_outside_a_services_package_reaches_past_its_public_modules():
    import importlib

    for name in PACKAGES:
        importlib.import_module(f"{services_pkg.__name__}.{name}")
    graph = grimp.build_graph("zhongxin_desktop")
    assert len(graph.find_children(services_pkg.__name__ + ".casework")) > 5
    assert reach_problems(graph, services_pkg.__name__) == []


def _private_modules_contract() -> dict:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    [contract] = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "private_modules"]
    return contract


def _plant(tmp_path: Path, importer_source: str) -> Path:
    """A package shaped like ours: planted.services.casework with a public and a private module,
    and a planted.ui module importing what it is given."""
    root = tmp_path / "planted"
    for folder in (root, root / "services", root / "services" / "casework"):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "__init__.py").write_text('"""planted"""\n', encoding="utf-8")
    (root / "services" / "casework" / "__init__.py").write_text(
        '"""Planted casework."""\n__all__ = ["cases"]\n', encoding="utf-8")
    (root / "services" / "casework" / "cases.py").write_text(
        "from planted.services.casework import _timeline  # noqa: F401\n", encoding="utf-8")
    (root / "services" / "casework" / "_timeline.py").write_text("", encoding="utf-8")
    (root / "ui.py").write_text(textwrap.dedent(importer_source), encoding="utf-8")
    contract = _private_modules_contract()
    packages = ", ".join(f'"{p.replace("zhongxin_desktop", "planted")}"'
                         for p in contract["packages_with_private_modules"])
    (tmp_path / ".importlinter.toml").write_text(textwrap.dedent(f"""\
        [tool.importlinter]
        root_package = "planted"

        [[tool.importlinter.contracts]]
        name = "planted private modules"
        type = "private_modules"
        packages_with_private_modules = [{packages}]
        """), encoding="utf-8")
    return tmp_path


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "lint-imports is installed with the dev extra"
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run([lint, "--config", str(tree / ".importlinter.toml"), "--no-cache"],
                          cwd=tree, env=env, capture_output=True, text=True, timeout=120)


def test_the_contract_fails_on_a_planted_reach_into_a_private_module(tmp_path):
    bad = _plant(tmp_path / "bad", "from planted.services.casework import _timeline  # noqa: F401\n")
    result = _lint(bad)
    assert result.returncode != 0
    assert "planted.ui" in result.stdout and "planted.services.casework._timeline" in result.stdout
    sys.path.insert(0, str(bad))
    try:
        import planted.services.casework  # noqa: F401  (its __all__ is what reach_problems reads)

        graph = grimp.build_graph("planted", cache_dir=None)
        assert reach_problems(graph, "planted.services") == ["planted.ui -> planted.services.casework._timeline"]
        assert api_problems(bad / "planted" / "services") == []
    finally:
        sys.path.remove(str(bad))
        for name in [m for m in sys.modules if m == "planted" or m.startswith("planted.")]:
            del sys.modules[name]

    good = _plant(tmp_path / "good", "from planted.services.casework import cases  # noqa: F401\n")
    result = _lint(good)
    assert result.returncode == 0, result.stdout
