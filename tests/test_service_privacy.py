"""The layers above the services use only their public functions: a name with a leading underscore
in a services module (``cases._get_case``, a helper handing out a live row without asking who
acts) is private to the services package, and so is a module with one in a services sub-package
(``services/casework/_case_timeline.py``). Read from the source, so a deferred import inside a
function counts as much as one at the top."""
from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import zhongxin_desktop

PACKAGE = Path(zhongxin_desktop.__file__).parent
SERVICES = "zhongxin_desktop.services"
# every layer that calls the services (exchange sits below them, and is walked so it stays so)
CALLERS = ("documents", "reports", "exchange", "net", "ui", "cli")


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


def violations(source: str, module: str, where: str) -> list[str]:
    """Every use of a services module's private name in ``source`` (the text of ``module``)."""
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
                        if _private(part):
                            found.append(f"{where}:{node.lineno}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom):
            source_module = _absolute(node, module)
            if not (_in_services(source_module) or SERVICES.startswith(source_module + ".")):
                continue
            for alias in node.names:
                full = f"{source_module}.{alias.name}"
                if _in_services(source_module) and _private(alias.name):
                    found.append(f"{where}:{node.lineno}: from {source_module} import {alias.name}")
                elif _in_services(full):
                    bound[alias.asname or alias.name] = full
                if any(_private(part) for part in source_module.split(".")):
                    found.append(f"{where}:{node.lineno}: from {source_module} import {alias.name}")
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and _private(node.attr)):
            continue
        chain = _dotted(node.value)
        if chain is None:
            continue
        head, _, rest = chain.partition(".")
        target = bound.get(head, head) + (f".{rest}" if rest else "")
        if _in_services(target):
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
