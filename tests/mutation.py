"""Mutation testing of the rule modules: does a small, plausible bug make a test fail?

Each mutant is one change to one module — a comparison flipped, a constant off by one, ``and``
for ``or``, an entry dropped from a table or a set, a string in a table or comparison altered, a
call statement deleted, a return value replaced by None. The tests mapped to the module (see
tests/mutation.toml) then run against it; a mutant is *killed* when they fail (or hang past the
timeout) and *survives* when they pass. A survivor is either a missing test or an equivalent
mutant (a change no caller can observe), which tests/mutation.toml lists with the reason (a '*' in
its patterns stands for any text). Mutants listed there run like the others: one that is killed
counts as killed, so a stale explanation hides nothing.

Why a mutator of our own: the tools we could use (mutmut, cosmic-ray) mutate operators but not
module-level tables, and most of our rules *are* tables (the transition table, status sets, the
check-digit weights, keyword lists). This one mutates the syntax tree, so nothing is written to
the source files: every mutant is compiled in memory and served to a forked pytest by an import
hook, in place of the module, while the working tree stays untouched.

    scripts/mutation                         every module of tests/mutation.toml → tests/MUTATION.md
    scripts/mutation domain/phone.py         one module (report printed, MUTATION.md untouched)
    scripts/mutation --changed [--budget S]  modules changed against main
    scripts/mutation --gate                  CI: the recorded goals, and a fixed sample re-checked
"""
from __future__ import annotations

import argparse
import ast
import dataclasses
import datetime as dt
import gc
import importlib.abc
import importlib.util
import os
import random
import re
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "zhongxin_desktop"
CONFIG = ROOT / "tests" / "mutation.toml"
REPORT = ROOT / "tests" / "MUTATION.md"
MARK = "·"  # what a one-character or empty string becomes (a longer one loses its last character)


# --------------------------------------------------------------------------- mutants

@dataclasses.dataclass
class Mutant:
    module: str  # "domain/phone.py"
    index: int  # position in the module's deterministic enumeration
    line: int
    kind: str
    description: str  # "`a < b` → `a <= b`"
    source_line: str = ""
    outcome: str = ""  # killed / survived / timeout / equivalent / not run
    why: str = ""  # the reason an equivalent mutant cannot be observed


def _short(node: ast.AST, limit: int = 70) -> str:
    text = ast.unparse(node).replace("\n", " ")
    return text if len(text) <= limit else text[:limit - 1] + "…"


_COMPARE_SWAP = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
                 ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is}
_BINOP_SWAP = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.FloorDiv: ast.Div,
               ast.Mod: ast.FloorDiv}


class _Mutator(ast.NodeTransformer):
    """Walks a module in a fixed order, numbering every possible change. With ``target`` set it
    applies change number ``target`` and leaves the rest; without, it only lists them."""

    def __init__(self, target: int | None = None):
        self.target = target
        self.count = 0
        self.found: list[tuple[int, str, str]] = []  # (line, kind, description)
        self._skip: set[int] = set()  # ids of nodes never to mutate (docstrings, f-string parts)
        self._table_strings: set[int] = set()  # ids of strings that are data (table entries, comparands)

    def _offer(self, node: ast.AST, kind: str, description: str, make):
        """Number one possible change; apply it when it is the target."""
        index = self.count
        self.count += 1
        self.found.append((getattr(node, "lineno", 0), kind, description))
        if index == self.target:
            return make()
        return None

    # -- what is never mutated
    def visit_Module(self, node):
        self._mark_docstring(node)
        return self.generic_visit(node)

    def _mark_docstring(self, node):
        body = getattr(node, "body", [])
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            self._skip.add(id(body[0]))

    def visit_ImportFrom(self, node):
        return node

    def visit_Import(self, node):
        return node

    def visit_JoinedStr(self, node):
        return node  # message text: its wording is checked by the tests of each message, not here

    def _visit_function(self, node):
        self._mark_docstring(node)
        node.decorator_list = node.decorator_list  # decorators (lru_cache sizes) are tuning, not rules
        node.body = self._visit_body(node.body)
        if node.args.defaults or node.args.kw_defaults:
            node.args = self.visit(node.args)
        return node

    visit_FunctionDef = _visit_function
    visit_AsyncFunctionDef = _visit_function

    def visit_arguments(self, node):
        node.defaults = [self.visit(d) for d in node.defaults]
        node.kw_defaults = [self.visit(d) if d is not None else None for d in node.kw_defaults]
        return node

    def visit_ClassDef(self, node):
        self._mark_docstring(node)
        node.body = self._visit_body(node.body)
        return node

    def visit_AnnAssign(self, node):
        if node.value is not None:
            node.value = self.visit(node.value)
        return node

    def _visit_body(self, body):
        out = []
        for stmt in body:
            new = self.visit(stmt)
            if new is None:
                continue
            out.extend(new if isinstance(new, list) else [new])
        return out or [ast.Pass()]

    # -- statements
    def visit_Expr(self, node):
        if id(node) in self._skip:
            return node
        if isinstance(node.value, ast.Call):
            made = self._offer(node, "statement", f"delete `{_short(node)}`", lambda: ast.Pass())
            if made is not None:
                return ast.copy_location(made, node)
        return self.generic_visit(node)

    def visit_Return(self, node):
        if node.value is not None and not (isinstance(node.value, ast.Constant) and node.value.value is None):
            made = self._offer(node, "return", f"`{_short(node)}` → `return None`",
                               lambda: ast.Return(value=ast.Constant(None)))
            if made is not None:
                return ast.copy_location(made, node)
        return self.generic_visit(node)

    def visit_AugAssign(self, node):
        swap = _BINOP_SWAP.get(type(node.op))
        if swap is not None and isinstance(node.op, (ast.Add, ast.Sub)):
            made = self._offer(node, "operator", f"`{_short(node)}`: `{_op(node.op)}=` → `{_op(swap())}=`",
                               lambda: ast.AugAssign(target=node.target, op=swap(), value=node.value))
            if made is not None:
                return ast.copy_location(made, node)
        return self.generic_visit(node)

    def visit_If(self, node):
        if not isinstance(node.test, (ast.Compare, ast.BoolOp, ast.UnaryOp)):
            made = self._offer(node, "condition", f"`if {_short(node.test)}` → `if not …`",
                               lambda: ast.If(test=ast.UnaryOp(ast.Not(), node.test), body=node.body,
                                              orelse=node.orelse))
            if made is not None:
                return ast.copy_location(made, node)
        return self.generic_visit(node)

    # -- expressions
    def visit_Compare(self, node):
        for operand in [node.left, *node.comparators]:
            if isinstance(operand, ast.Constant) and isinstance(operand.value, str):
                self._table_strings.add(id(operand))
        for i, op in enumerate(node.ops):
            swap = _COMPARE_SWAP.get(type(op))
            if swap is None:
                continue

            def make(i=i, swap=swap):
                ops = list(node.ops)
                ops[i] = swap()
                return ast.Compare(left=node.left, ops=ops, comparators=node.comparators)

            made = self._offer(node, "comparison", f"`{_short(node)}`: `{_op(op)}` → `{_op(swap())}`", make)
            if made is not None:
                return ast.copy_location(made, node)
        return self.generic_visit(node)

    def visit_BoolOp(self, node):
        other = ast.Or if isinstance(node.op, ast.And) else ast.And
        made = self._offer(node, "boolean", f"`{_short(node)}`: `{_op(node.op)}` → `{_op(other())}`",
                           lambda: ast.BoolOp(op=other(), values=node.values))
        if made is not None:
            return ast.copy_location(made, node)
        return self.generic_visit(node)

    def visit_UnaryOp(self, node):
        if isinstance(node.op, ast.Not):
            made = self._offer(node, "boolean", f"`{_short(node)}` → `{_short(node.operand)}`",
                               lambda: node.operand)
            if made is not None:
                return made
        return self.generic_visit(node)

    def visit_BinOp(self, node):
        swap = _BINOP_SWAP.get(type(node.op))
        is_format = isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant)
        if swap is not None and not is_format:
            made = self._offer(node, "operator", f"`{_short(node)}`: `{_op(node.op)}` → `{_op(swap())}`",
                               lambda: ast.BinOp(left=node.left, op=swap(), right=node.right))
            if made is not None:
                return ast.copy_location(made, node)
        return self.generic_visit(node)

    def visit_Constant(self, node):
        value = node.value
        if isinstance(value, bool):
            return self._offer(node, "constant", f"`{value}` → `{not value}`",
                               lambda: ast.copy_location(ast.Constant(not value), node)) or node
        if isinstance(value, int):
            for new in ([value + 1, value - 1] if value else [1]):
                made = self._offer(node, "constant", f"`{value}` → `{new}`",
                                   lambda new=new: ast.copy_location(ast.Constant(new), node))
                if made is not None:
                    return made
            return node
        if isinstance(value, str) and id(node) in self._table_strings:
            new = value[:-1] if len(value) > 1 else value + MARK  # "0123456789X" loses its X
            return self._offer(node, "string", f"`{value!r}` → `{new!r}`",
                               lambda: ast.copy_location(ast.Constant(new), node)) or node
        return node

    def _entries(self, node, elts, rebuild, what: str):
        # An entry's string is not altered as well: removing the entry is the same fault.
        if not isinstance(getattr(node, "ctx", ast.Load()), ast.Load):
            return None
        for i, e in enumerate(elts):
            label = _short(e, 40)
            made = self._offer(e, "table", f"remove `{label}` from the {what}", lambda i=i: rebuild(i))
            if made is not None:
                return ast.copy_location(made, node)
        return None

    def visit_Set(self, node):
        if len(node.elts) > 1:
            made = self._entries(node, node.elts, lambda i: ast.Set(elts=node.elts[:i] + node.elts[i + 1:]), "set")
            if made is not None:
                return made
        return self.generic_visit(node)

    def visit_List(self, node):
        made = self._entries(node, node.elts,
                             lambda i: ast.List(elts=node.elts[:i] + node.elts[i + 1:], ctx=ast.Load()), "list")
        return made if made is not None else self.generic_visit(node)

    def visit_Tuple(self, node):
        made = self._entries(node, node.elts,
                             lambda i: ast.Tuple(elts=node.elts[:i] + node.elts[i + 1:], ctx=ast.Load()), "tuple")
        return made if made is not None else self.generic_visit(node)

    def visit_Dict(self, node):
        for v in node.values:  # a key's string is not altered: removing the entry is the same fault
            if isinstance(v, ast.Constant) and isinstance(v.value, str):
                self._table_strings.add(id(v))
        for i, k in enumerate(node.keys):
            if k is None:
                continue

            def make(i=i):
                return ast.Dict(keys=node.keys[:i] + node.keys[i + 1:], values=node.values[:i] + node.values[i + 1:])

            made = self._offer(k, "table", f"remove the entry `{_short(k, 40)}` from the dict", make)
            if made is not None:
                return ast.copy_location(made, node)
        return self.generic_visit(node)

    def visit_Call(self, node):
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "re" \
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            pattern = node.args[0]
            for new, what in _regex_variants(pattern.value):
                def make(new=new):
                    return ast.Call(func=func, args=[ast.Constant(new), *node.args[1:]], keywords=node.keywords)

                made = self._offer(node, "regex", f"`{pattern.value}`: {what}", make)
                if made is not None:
                    return ast.copy_location(made, node)
        return self.generic_visit(node)

    def visit_Subscript(self, node):
        node.value = self.visit(node.value)
        node.slice = self.visit(node.slice)
        return node


_REGEX_NUMBER = re.compile(r"(?<=\{)\d+|(?<=\{\d,)\d+|(?<=\{\d\d,)\d+|(?<=\[)\d(?=-)|(?<=\[\d-)\d")


def _regex_variants(pattern: str) -> list[tuple[str, str]]:
    """A counted repeat or a digit range one off (``{9}`` → ``{10}``, ``[3-9]`` → ``[4-9]``), and an
    optional part made compulsory (``-?`` → ``-``)."""
    out = []
    for m in _REGEX_NUMBER.finditer(pattern):
        value = int(m.group())
        for new in (value + 1, value - 1):
            if new < 0 or (len(m.group()) == 1 and pattern[m.start() - 1] in "[-" and new > 9):
                continue
            variant = pattern[:m.start()] + str(new) + pattern[m.end():]
            try:
                re.compile(variant)
            except re.error:
                continue
            out.append((variant, f"`{m.group()}` → `{new}` at {m.start()}"))
    for i, ch in enumerate(pattern):
        if ch == "?" and i and pattern[i - 1] not in "(\\*+?}":
            out.append((pattern[:i] + pattern[i + 1:], f"`?` at {i} dropped"))
    return out


def _op(op: ast.AST) -> str:
    return {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
            ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not", ast.And: "and",
            ast.Or: "or", ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
            ast.Mod: "%"}.get(type(op), type(op).__name__)


def list_mutants(module: str) -> list[Mutant]:
    source = (PACKAGE / module).read_text(encoding="utf-8")
    lines = source.splitlines()
    walker = _Mutator()
    walker.visit(ast.parse(source))
    return [Mutant(module, i, line, kind, desc, lines[line - 1].strip() if 0 < line <= len(lines) else "")
            for i, (line, kind, desc) in enumerate(walker.found)]


def mutant_code(module: str, index: int):
    source = (PACKAGE / module).read_text(encoding="utf-8")
    tree = _Mutator(index).visit(ast.parse(source))
    ast.fix_missing_locations(tree)
    return compile(tree, str(PACKAGE / module), "exec")


# --------------------------------------------------------------------------- running

class _Serve(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves the mutated code in place of one module."""

    def __init__(self, fullname: str, code, path: str):
        self.fullname, self.code, self.path = fullname, code, path

    def find_spec(self, fullname, path=None, target=None):
        if fullname != self.fullname:
            return None
        return importlib.util.spec_from_file_location(fullname, self.path, loader=self)

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        exec(self.code, module.__dict__)


def _module_name(module: str) -> str:
    return "zhongxin_desktop." + module.removesuffix(".py").replace("/", ".")


def _import_graph() -> dict[str, set[str]]:
    """Which of our modules each of our modules imports (anywhere in it, functions included)."""
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = ("zhongxin_desktop",) + path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                deps.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1] + ([base] if base else []))
                deps.add(base)
                deps.update(f"{base}.{a.name}" for a in node.names)
        graph[name] = {d for d in deps if d.startswith("zhongxin_desktop")}
    return graph


def _preload(target: str) -> None:
    """Import, in the parent, our rule, store and service modules that cannot see the mutated
    module (it and everything importing it, directly or not, are left out): every mutant's run
    then imports only those few again."""
    graph = _import_graph()
    tainted = {target}
    while True:
        more = {m for m, deps in graph.items() if m not in tainted and deps & tainted}
        if not more:
            break
        tainted |= more
    for name in sorted(graph):
        if name in tainted or not name.startswith(("zhongxin_desktop.domain", "zhongxin_desktop.store",
                                                   "zhongxin_desktop.services", "zhongxin_desktop.paths")):
            continue
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a module that cannot load alone is simply imported later
            pass
    if target in sys.modules:  # an import the graph did not see: load nothing ahead
        _unload()
    # What is loaded now is never garbage: keep the collections pytest runs at its end from walking it.
    gc.collect()
    gc.freeze()


def _unload() -> None:
    for name in [m for m in sys.modules if m == "zhongxin_desktop" or m.startswith("zhongxin_desktop.")]:
        del sys.modules[name]


def _warm_up() -> None:
    """Import what every test run needs except our own package, once, before forking: each
    mutant's run then pays only for importing zhongxin_desktop and running the tests."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.dont_write_bytecode = True  # no mutant ever lands in __pycache__
    import hypothesis
    import pytest  # noqa: F401
    for name in ("peewee", "openpyxl", "cryptography", "reportlab", "pypinyin", "PySide6.QtCore",
                 "PySide6.QtWidgets", "pytestqt.plugin"):
        try:
            __import__(name)
        except ImportError:
            pass
    # Property tests must judge every mutant on the same examples, and leave no database behind.
    hypothesis.settings.register_profile("mutation", database=None, derandomize=True, deadline=None, max_examples=25,
                                         print_blob=False)
    hypothesis.settings.load_profile("mutation")
    assert not any(m.startswith("zhongxin_desktop") for m in sys.modules), "warm-up imported the package"


def _start(tests: list[str], serve: _Serve | None) -> int:
    """Fork a child that runs the tests (with ``serve`` installed); its pid."""
    pid = os.fork()
    if pid == 0:  # child
        try:
            os.setsid()
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            if serve is not None:
                sys.meta_path.insert(0, serve)
            import pytest
            # Plain asserts: a failing assert still fails, and pytest need not rewrite every module.
            code = pytest.main(["-x", "-q", "-p", "no:cacheprovider", "-p", "no:faker", "--assert=plain",
                                "--no-header", *tests])
            os._exit(int(code))
        except BaseException:
            os._exit(99)
    return pid


def _poll(pid: int, started: float, timeout: float) -> str | None:
    """'passed', 'failed' or 'timeout' once the child is done, else None."""
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        return "passed" if os.waitstatus_to_exitcode(status) == 0 else "failed"
    if time.monotonic() - started > timeout:
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        return "timeout"
    return None


def _run_tests(tests: list[str], serve: _Serve | None, timeout: float) -> tuple[str, float]:
    start = time.monotonic()
    pid = _start(tests, serve)
    while (outcome := _poll(pid, start, timeout)) is None:
        time.sleep(0.02)
    return outcome, time.monotonic() - start


@dataclasses.dataclass
class ModuleResult:
    module: str
    tests: list[str]
    mutants: list[Mutant]
    goal: float
    baseline_seconds: float = 0.0
    error: str = ""

    def count(self, *outcomes: str) -> int:
        return sum(m.outcome in outcomes for m in self.mutants)

    @property
    def scored(self) -> int:
        return self.count("killed", "timeout", "survived")

    @property
    def score(self) -> float | None:
        """Killed share of the mutants that ran and are not equivalent."""
        return self.count("killed", "timeout") / self.scored if self.scored else None

    @property
    def met(self) -> bool:
        return self.score is None or self.score >= self.goal


def load_config() -> dict:
    with CONFIG.open("rb") as f:
        return tomllib.load(f)


def targets(config: dict) -> list[str]:
    """The configured modules and every module of domain/, in a stable order."""
    found = [p.relative_to(PACKAGE).as_posix() for p in sorted((PACKAGE / "domain").glob("*.py"))
             if p.name != "__init__.py"]
    return sorted({m for m in config["modules"] if (PACKAGE / m).is_file()} | set(found))


def _goal(config: dict, module: str) -> float:
    goal = config.get("goals", {}).get(module.split("/")[0] + "/", 0.9)
    return config.get("goals", {}).get(module, goal)


def run_module(module: str, config: dict, *, deadline: float, sample: int | None, seed: int, jobs: int = 1,
               log=print) -> ModuleResult:
    tests = [t for t in config["modules"].get(module, []) if (ROOT / t).exists()]
    goal = _goal(config, module)
    equivalent = [e for e in config.get("equivalent", []) if e["module"] == module]
    mutants = list_mutants(module)
    result = ModuleResult(module, tests, mutants, goal)
    if not tests:
        for m in mutants:
            m.outcome = "not run"
        result.error = "no tests mapped to it in tests/mutation.toml"
        log(f"  {module}: {result.error}")
        return result
    chosen = mutants
    if sample is not None and sample < len(mutants):
        chosen = sorted(random.Random(seed).sample(mutants, sample), key=lambda m: m.index)
    for m in mutants:
        m.outcome = "not run"
    outcome, seconds = _run_tests(tests, None, timeout=600)
    result.baseline_seconds = seconds
    if outcome != "passed":
        result.error = f"the unmutated module fails its tests ({' '.join(tests)}): fix them first"
        log(f"  {module}: {result.error}")
        return result
    timeout = seconds * 4 + 10
    fullname = _module_name(module)
    _preload(fullname)
    try:
        _run_mutants(module, tests, chosen, equivalent, deadline, jobs, timeout, log)
    finally:
        _unload()
    return result


def _matches(pattern: str, text: str) -> bool:
    """Equal, or (a pattern with '*') matching as a shell pattern would, '*' standing for any text."""
    if "*" not in pattern:
        return pattern == text
    return re.fullmatch(".*".join(re.escape(part) for part in pattern.split("*")), text) is not None


def equivalent_reason(entries: list[dict], m: Mutant) -> str:
    """The explanation tests/mutation.toml gives for a surviving mutant, or ''."""
    for e in entries:
        mutations = e["mutation"] if isinstance(e["mutation"], list) else [e["mutation"]]
        if _matches(e["line"], m.source_line) and any(_matches(p, m.description) for p in mutations):
            return e["why"]
    return ""


def _run_mutants(module, tests, chosen, equivalent, deadline, jobs, timeout, log) -> None:
    fullname = _module_name(module)
    path = str(PACKAGE / module)
    queue = list(chosen)  # mutants explained as equivalent run too: the explanation must hold
    running: dict[int, tuple[Mutant, float]] = {}
    done, total = 0, len(queue)
    while queue or running:
        while queue and len(running) < jobs and time.monotonic() < deadline:
            m = queue.pop(0)
            running[_start(tests, _Serve(fullname, mutant_code(module, m.index), path))] = (m, time.monotonic())
        if not running:
            break  # out of time: the rest stay "not run"
        for pid, (m, started) in list(running.items()):
            outcome = _poll(pid, started, timeout)
            if outcome is None:
                continue
            del running[pid]
            done += 1
            if done % 50 == 0:
                log(f"  {done}/{total} mutants", flush=True)
            m.outcome = {"failed": "killed", "passed": "survived", "timeout": "timeout"}[outcome]
            why = equivalent_reason(equivalent, m)
            if m.outcome == "survived" and why:
                m.outcome, m.why = "equivalent", why
            if m.outcome == "survived":
                log(f"  survived {module}:{m.line} {m.description}", flush=True)
        time.sleep(0.02)


# --------------------------------------------------------------------------- report

def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _commit() -> str:
    """The commit the run measured, and whether the working tree differed from it."""
    def git(*args):
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    head = git("rev-parse", "--short=12", "HEAD") or "unknown"
    return head + (" with uncommitted changes" if git("status", "--porcelain", "--", "src", "tests") else "")


def write_report(results: list[ModuleResult], seconds: float, path: Path, command: str,
                 machine: str = "") -> None:
    out = ["# Mutation testing", "",
           "Written by `scripts/mutation` (tests/mutation.py): each mutant is one small change to one",
           "module (comparison flipped, constant ±1, `and`/`or` swapped, `not` dropped or an `if` negated,",
           "`+`/`-` and `*`/`/` swapped, a table, list or set entry removed, a string of a table or",
           "comparison cut short, a regular expression's count or range one off, a call statement",
           "deleted, a return value replaced by None); the module's tests (tests/mutation.toml) then run",
           "against it. Score = killed / (killed + survived); equivalent mutants (no caller can observe",
           "the change, each explained below; they run too, and one that is killed counts as killed) are",
           "left out of it. Re-run the whole of it with `scripts/mutation`.", "",
           f"Run: {dt.datetime.now():%Y-%m-%d %H:%M}, `{command}`, wall time {seconds:.0f} s "
           f"({sum(r.scored + r.count('equivalent') for r in results)} mutants run, {os.cpu_count()} CPUs"
           f"{', ' + machine if machine else ''}).", "",
           "| module | mutants | killed | survived | equivalent | not run | score | goal |",
           "|---|---|---|---|---|---|---|---|"]
    for r in results:
        score = "—" if r.score is None else f"{r.score:.0%}"
        flag = "" if r.met and not r.error else " ✗"
        out.append(f"| {r.module} | {len(r.mutants)} | {r.count('killed', 'timeout')} | {r.count('survived')} | "
                   f"{r.count('equivalent')} | {r.count('not run')} | {score}{flag} | {r.goal:.0%} |")
    total_scored = sum(r.scored for r in results)
    total_killed = sum(r.count("killed", "timeout") for r in results)
    if total_scored:
        out.append(f"| **all** | {sum(len(r.mutants) for r in results)} | {total_killed} | "
                   f"{total_scored - total_killed} | {sum(r.count('equivalent') for r in results)} | "
                   f"{sum(r.count('not run') for r in results)} | {total_killed / total_scored:.0%} | |")
    left_out = [m for m in targets(load_config()) if m not in {r.module for r in results}]
    if left_out:
        out += ["", f"Not in this run: {', '.join(left_out)}."]
    errors = [r for r in results if r.error]
    if errors:
        out += ["", "## Not measured", ""] + [f"- {r.module}: {r.error}" for r in errors]
    survivors = [m for r in results for m in r.mutants if m.outcome == "survived"]
    out += ["", "## Surviving mutants", ""]
    if survivors:
        out += ["Each is a change no test notices: a test to write, or an equivalent mutant to explain in",
                "tests/mutation.toml.", "", "| module | line | code | mutation |", "|---|---|---|---|"]
        out += [f"| {m.module} | {m.line} | `{_cell(m.source_line)}` | {_cell(m.description)} |" for m in survivors]
    else:
        out.append("None.")
    equivalents = [m for r in results for m in r.mutants if m.outcome == "equivalent"]
    out += ["", "## Equivalent mutants", ""]
    if equivalents:
        out += ["| module | line | mutation | why no test can catch it |", "|---|---|---|---|"]
        out += [f"| {m.module} | {m.line} | {_cell(m.description)} | {_cell(m.why)} |" for m in equivalents]
    else:
        out.append("None.")
    out += ["", "## Tests per module", ""]
    out += [f"- {r.module}: {', '.join(r.tests)} (baseline {r.baseline_seconds:.1f} s)" for r in results]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- the CI gate

def _cells(row: str) -> list[str]:
    """The cells of a Markdown table row, with the report's escaped pipes put back."""
    parts = re.split(r"(?<!\\)\|", row.strip())[1:-1]
    return [p.strip().replace("\\|", "|") for p in parts]


def recorded(path: Path = REPORT) -> tuple[dict[str, dict], set[tuple[str, str, str]]]:
    """What the committed report says: per module its mutant count and score, and the surviving
    mutants it lists as (module, code line, mutation)."""
    rows, survivors = {}, set()
    if not path.exists():
        return rows, survivors
    section = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        if not line.startswith("| ") or line.startswith("| module") or line.startswith("| **"):
            continue
        cells = _cells(line)
        if section == "" and len(cells) == 8:
            killed, survived = int(cells[2]), int(cells[3])
            rows[cells[0]] = {"mutants": int(cells[1]), "not run": int(cells[5]),
                              "score": killed / (killed + survived) if killed + survived else None}
        elif section == "Surviving mutants" and len(cells) == 4:
            survivors.add((cells[0], cells[2].strip("`"), cells[3]))
    return rows, survivors


def recorded_failures(config: dict, module: str, row: dict | None) -> list[str]:
    """What is wrong with a module's line in the committed report: missing, not all run, or below the goal."""
    goal = _goal(config, module)
    if row is None:
        return [f"{module}: not in tests/MUTATION.md (run `scripts/mutation` and commit the report)"]
    if row["not run"] or row["score"] is None or row["score"] < goal:
        score = "no score" if row["score"] is None else f"{row['score']:.1%}"
        return [f"{module}: tests/MUTATION.md records {score}, {row['not run']} mutants not run (goal {goal:.0%})"]
    return []


def new_survivors(result: ModuleResult, known: set[tuple[str, str, str]]) -> list[Mutant]:
    """Survivors the committed report does not list (equivalent ones are not survivors)."""
    return [m for m in result.mutants if m.outcome == "survived"
            and (result.module, m.source_line, m.description) not in known]


def gate(config: dict, jobs: int) -> int:
    """CI: the goals as recorded in tests/MUTATION.md, then a fixed sample of every module's
    mutants run again. Deterministic: the sample depends only on the source (a seed and each
    module's mutants), its size is counted in mutants, not seconds, and a mutant that runs out of
    time counts as killed, so a slow or loaded machine can make it slower, never red."""
    settings = config.get("gate", {})
    seed, size = settings.get("seed", 0), settings.get("sample", 10)
    rows, known = recorded()
    failures = []
    start = time.monotonic()
    _warm_up()
    for module in targets(config):
        row = rows.get(module)
        failures += recorded_failures(config, module, row)
        n = settings.get("modules", {}).get(module, size)
        if row is not None and row["mutants"] != len(list_mutants(module)):
            n *= settings.get("changed_factor", 3)  # the module changed since the report: look harder
        result = run_module(module, config, deadline=float("inf"), sample=n, seed=seed, jobs=jobs,
                            log=lambda *a, **k: None)
        if result.error:
            failures.append(f"{module}: {result.error}")
            continue
        new = new_survivors(result, known)
        ran = result.scored + result.count("equivalent")
        print(f"mutation gate: {module}: {ran} sampled, {len(new)} new survivors", flush=True)
        failures += [f"{module}:{m.line}: new survivor {m.description} in `{m.source_line}` — write the test that "
                     f"kills it, or explain it in tests/mutation.toml" for m in new]
    print(f"mutation gate: {time.monotonic() - start:.0f} s")
    for f in failures:
        print(f"mutation gate: {f}")
    return 1 if failures else 0


# --------------------------------------------------------------------------- command line

def changed_modules(config: dict) -> tuple[list[str], str]:
    """Configured modules that differ from main (or from the previous commit when there is no main)."""
    def git(*args):
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)

    base = None
    for ref in ("origin/main", "main"):
        if git("rev-parse", "--verify", "-q", ref).returncode == 0:
            merge_base = git("merge-base", "HEAD", ref).stdout.strip()
            if merge_base and merge_base != git("rev-parse", "HEAD").stdout.strip():
                base = merge_base
                break
    if base is None and git("rev-parse", "--verify", "-q", "HEAD~1").returncode == 0:
        base = "HEAD~1"
    if base is None:
        return [], "no base commit to compare with"
    names = set(git("diff", "--name-only", base).stdout.split())
    prefix = "src/zhongxin_desktop/"
    return [m for m in targets(config) if prefix + m in names], f"compared with {base[:12]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/mutation", description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="modules relative to src/zhongxin_desktop (default: all)")
    parser.add_argument("--changed", action="store_true", help="only modules changed against main (CI)")
    parser.add_argument("--budget", type=float, default=None, help="stop starting mutants after S seconds")
    parser.add_argument("--sample", type=int, default=None, help="run N random mutants per module")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="mutants run at once")
    parser.add_argument("--seed", type=int, default=int(dt.date.today().strftime("%Y%m%d")))
    parser.add_argument("--report", type=Path, default=None,
                        help="write the report here (default: tests/MUTATION.md for a run of every module)")
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    parser.add_argument("--gate", action="store_true",
                        help="CI: the goals recorded in tests/MUTATION.md, and a fixed sample of every module")
    args = parser.parse_args(argv)
    os.chdir(ROOT)  # pytest reads pyproject.toml (testpaths, qt_api) from here
    config = load_config()
    if args.gate:
        return gate(config, args.jobs)
    modules = args.modules or targets(config)
    unknown = [m for m in modules if not (PACKAGE / m).is_file()]
    if unknown:
        parser.error(f"no such module under src/zhongxin_desktop: {', '.join(unknown)}")
    sample = args.sample
    sampling_only = False
    if args.changed:
        modules, how = changed_modules(config)
        if not modules:
            sample, sampling_only = sample or 5, True
            modules = sorted(random.Random(args.seed).sample(targets(config), 2))
            print(f"mutation: no rule module changed ({how}); a sample of {sample} mutants of "
                  f"{' and '.join(modules)} instead")
        else:
            print(f"mutation: changed ({how}): {', '.join(modules)}")
    if args.list:
        for module in modules:
            for m in list_mutants(module):
                print(f"{module}:{m.line}\t{m.kind}\t{m.description}")
        return 0
    report = args.report or (REPORT if not args.modules and not args.changed and sample is None else None)
    _warm_up()
    commit, load_before = _commit(), os.getloadavg()[0]
    start = time.monotonic()
    deadline = start + args.budget if args.budget else float("inf")
    results = []
    for module in modules:
        if time.monotonic() > deadline:
            print(f"mutation: {module} not run (out of time)")
            continue
        print(f"mutation: {module}", flush=True)
        r = run_module(module, config, deadline=deadline, sample=sample, seed=args.seed, jobs=args.jobs)
        results.append(r)
        score = "—" if r.score is None else f"{r.score:.0%}"
        print(f"  {module}: {r.count('killed', 'timeout')}/{r.scored} killed ({score}, goal {r.goal:.0%}), "
              f"{r.count('equivalent')} equivalent, {r.count('not run')} not run", flush=True)
    seconds = time.monotonic() - start
    command = "scripts/mutation " + " ".join(argv if argv is not None else sys.argv[1:])
    if report:
        machine = (f"commit {commit}, load average {load_before:.1f} at the start and "
                   f"{os.getloadavg()[0]:.1f} at the end")
        write_report(results, seconds, report, command.strip(), machine)
        print(f"mutation: report in {report}")
    print(f"mutation: wall time {seconds:.0f} s")
    failed = [r.module for r in results if r.error or not r.met]
    if failed and sampling_only:
        print(f"mutation: sample survivors in {', '.join(failed)} (not a failure: no rule module changed)")
        return 0
    if failed:
        print(f"mutation: below the goal or not measured: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
