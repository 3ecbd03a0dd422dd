"""The layers above the services use only their public functions: a name with a leading underscore
in a services module (``cases._get_case``, a helper handing out a live row without asking who
acts) is private to the services package, and so is a module with one in a services sub-package
(``services/casework/_case_list_query.py``). Inside services the same holds between its packages:
casework, settlement, gridwork, safety, countywork and figures use one another's public functions
only; what several of them share privately lives in the modules at the top of services
(``services/_case_rows.py``). Read from the source, so a deferred import inside a function counts
as much as one at the top."""
from __future__ import annotations

import ast
import textwrap
from collections.abc import Callable
from pathlib import Path

import zhongxin_desktop

PACKAGE = Path(zhongxin_desktop.__file__).parent
SERVICES = "zhongxin_desktop.services"
# every layer that calls the services (exchange sits below them, and is walked so it stays so)
CALLERS = ("documents", "reports", "exchange", "net", "ui", "cli")
SUB_PACKAGES = ("casework", "settlement", "gridwork", "safety", "countywork", "figures")


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _absolute(node: ast.ImportFrom, module: str) -> str:
    """The module an ``import from`` names, relative ones resolved from ``module``'s package."""
    if not node.level:
        return node.module or ""
    base = module.split(".")[:-node.level]
    return ".".join(base + ([node.module] if node.module else []))


def _dotted(node: ast.expr) -> str | None:
    """``a.b.c`` as text, or None for anything but a chain of names."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = _dotted(node.value)
        return None if head is None else f"{head}.{node.attr}"
    return None


def _in_services(module: str) -> bool:
    return module == SERVICES or module.startswith(SERVICES + ".")


def _package_of(module: str) -> str | None:
    """The services sub-package ``module`` belongs to, or None (the top modules, other layers)."""
    parts = module.split(".")
    return parts[2] if len(parts) > 3 and parts[:2] == SERVICES.split(".") and parts[2] in SUB_PACKAGES else None


def _other_package(module: str) -> Callable[[str], bool]:
    """For a module inside a services sub-package: is a target in another sub-package?"""
    own = _package_of(module)
    return lambda target: _package_of(target + ".x") not in (None, own)


def violations(source: str, module: str, where: str, reaches: Callable[[str], bool] = _in_services) -> list[str]:
    """Every use in ``source`` (the text of ``module``) of a private name of a services module that
    ``reaches`` is true for (by default any services module)."""
    tree = ast.parse(source)
    found: list[str] = []
    bound: dict[str, str] = {}  # a local name → the services module (or package) it stands for
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _in_services(alias.name):
                    if alias.asname:
                        bound[alias.asname] = alias.name
                    for part in alias.name.split(".")[1:]:
                        if _private(part) and reaches(alias.name):
                            found.append(f"{where}:{node.lineno}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom):
            source_module = _absolute(node, module)
            if not (_in_services(source_module) or SERVICES.startswith(source_module + ".")):
                continue
            for alias in node.names:
                full = f"{source_module}.{alias.name}"
                if _in_services(source_module) and _private(alias.name) and reaches(source_module):
                    found.append(f"{where}:{node.lineno}: from {source_module} import {alias.name}")
                elif _in_services(full):
                    bound[alias.asname or alias.name] = full
                if any(_private(part) for part in source_module.split(".")) and reaches(source_module):
                    found.append(f"{where}:{node.lineno}: from {source_module} import {alias.name}")
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and _private(node.attr)):
            continue
        chain = _dotted(node.value)
        if chain is None:
            continue
        head, _, rest = chain.partition(".")
        target = bound.get(head, head) + (f".{rest}" if rest else "")
        if _in_services(target) and reaches(target):
            found.append(f"{where}:{node.lineno}: {chain}.{node.attr}")
    return sorted(set(found), key=lambda line: (line.split(":")[0], int(line.split(":")[1]), line))


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def test_no_layer_above_the_services_reaches_their_private_names():
    checked = 0
    found: list[str] = []
    for layer in CALLERS:
        for path in sorted((PACKAGE / layer).rglob("*.py")):
            found += violations(path.read_text(encoding="utf-8"), _module_name(path),
                                str(path.relative_to(PACKAGE)))
            checked += 1
    for path in sorted(PACKAGE.glob("*.py")):  # launcher, the top-level modules
        found += violations(path.read_text(encoding="utf-8"), _module_name(path), path.name)
        checked += 1
    assert checked > 150  # the walk reached the sources, not an empty folder
    assert found == []


PLANTED = '''
import zhongxin_desktop.services.casework.cases
import zhongxin_desktop.services.settlement.mediation as med
from zhongxin_desktop.services import users as people
from zhongxin_desktop.services.settlement import agreements
from zhongxin_desktop.services.casework.cases import _get_case, get_case
from zhongxin_desktop.services.casework import _case_list_query
from zhongxin_desktop.services.countywork._key_trust import trust_key
from zhongxin_desktop.services.results import CaseRecord
from zhongxin_desktop import services
from .. import services as svc
from ..services.casework import attachments
from ..services import casework
from ..documents import layout


def read(actor, ref):
    agreements._versions(ref)            # a private helper of a services module
    people._mediators()
    med._user_name(ref)
    zhongxin_desktop.services.casework.cases._event(ref)
    services.settlement.followups._followups_of(ref)
    svc.casework.cases._record_event(ref)
    attachments._for_case(ref)
    casework._case_timeline.entry(ref)   # a private module of a services package
    from zhongxin_desktop.services.center import _local as here
    layout._private_of_documents()       # not a service: fine
    self._own()                          # its own attribute: fine
    agreements.__doc__                   # a dunder: fine
    agreements.versions_for(actor, ref)  # public: fine
    casework.cases.get_case(actor, ref)  # public module, public function: fine
    return get_case(actor, ref), CaseRecord, _get_case, here, trust_key, _case_list_query
'''


def test_the_check_finds_planted_uses_and_only_those():
    found = violations(textwrap.dedent(PLANTED), "zhongxin_desktop.documents.planted", "planted.py")
    assert found == [
        "planted.py:6: from zhongxin_desktop.services.casework.cases import _get_case",
        "planted.py:7: from zhongxin_desktop.services.casework import _case_list_query",
        "planted.py:8: from zhongxin_desktop.services.countywork._key_trust import trust_key",
        "planted.py:18: agreements._versions",
        "planted.py:19: people._mediators",
        "planted.py:20: med._user_name",
        "planted.py:21: zhongxin_desktop.services.casework.cases._event",
        "planted.py:22: services.settlement.followups._followups_of",
        "planted.py:23: svc.casework.cases._record_event",
        "planted.py:24: attachments._for_case",
        "planted.py:25: casework._case_timeline",
        "planted.py:26: from zhongxin_desktop.services.center import _local",
    ]


def test_no_services_package_reaches_another_packages_private_names():
    checked = 0
    found: list[str] = []
    for package in SUB_PACKAGES:
        for path in sorted((PACKAGE / "services" / package).rglob("*.py")):
            module = _module_name(path)
            found += violations(path.read_text(encoding="utf-8"), module, str(path.relative_to(PACKAGE)),
                                _other_package(module))
            checked += 1
    assert checked > 50  # every package was walked
    assert found == []


def test_the_package_check_finds_planted_uses_and_only_those():
    """The same planted module, as if it were settlement's: its own package's private names and the
    top modules' are its to use; casework's and countywork's are not."""
    module = "zhongxin_desktop.services.settlement.planted"
    found = violations(textwrap.dedent(PLANTED.replace("from .. import services as svc\n", "")
                                       .replace("from ..services.casework import attachments\n", "")
                                       .replace("from ..services import casework\n", "")
                                       .replace("from ..documents import layout\n", "")),
                       module, "planted.py", _other_package(module))
    assert found == [
        "planted.py:6: from zhongxin_desktop.services.casework.cases import _get_case",
        "planted.py:7: from zhongxin_desktop.services.casework import _case_list_query",
        "planted.py:8: from zhongxin_desktop.services.countywork._key_trust import trust_key",
        "planted.py:17: zhongxin_desktop.services.casework.cases._event",
    ]
