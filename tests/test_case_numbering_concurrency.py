"""Two windows (processes, threads) accepting at once never get the same case number, and no
number is handed out twice — on a real SQLite file with separate connections."""
import json
import subprocess
import sys
import textwrap
import threading

import pytest

from case_factory import party, register
from conftest import PASSWORD
from zhongxin_desktop.services.casework import cases
from zhongxin_desktop.services import users
from zhongxin_desktop.store.models import Case, CaseNumberSequence

WORKER = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from zhongxin_desktop.paths import DataDir
    from zhongxin_desktop.store.connection import open_database
    from zhongxin_desktop.services.casework import cases
    from zhongxin_desktop.services import users
    root, go, ids = sys.argv[1], Path(sys.argv[2]), sys.argv[3].split(",")
    open_database(DataDir(Path(root)))
    actor = users.sign_in("admin", sys.argv[4])
    print("ready", flush=True)
    while not go.exists():
        time.sleep(0.005)
    print(json.dumps([cases.transition(actor, i, "accept").case_no for i in ids]))
""")


def _registered(actor, n):
    return [register(actor, party(f"并发{i}"), facts=f"并发受理{i}").id for i in range(n)]


def test_two_processes_accepting_at_once(township, data_dir, tmp_path):
    ids = _registered(township, 30)
    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(data_dir.root), str(go), ",".join(ids[k::2]),
                               PASSWORD], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for k in range(2)]
    for p in procs:  # both have opened the database and wait at the barrier
        assert p.stdout.readline().strip() == "ready", p.stderr.read()
    go.write_text("go")
    outputs = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        outputs += json.loads(out.strip().splitlines()[-1])
    assert len(outputs) == 30 and len(set(outputs)) == 30
    seqs = sorted(c.case_seq for c in Case.select())
    assert seqs == list(range(1, 31))
    assert CaseNumberSequence.get().last_seq == 30


def test_two_threads_with_their_own_connections(township):
    ids = _registered(township, 20)
    barrier = threading.Barrier(2)
    results: list[list[str]] = [[], []]
    errors = []

    def work(k):
        try:
            actor = users.sign_in("admin", PASSWORD)
            barrier.wait()
            for i in ids[k::2]:
                results[k].append(cases.transition(actor, i, "accept").case_no)
        except Exception as exc:  # reported below: a failure in a thread must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    numbers = results[0] + results[1]
    assert len(numbers) == 20 and len(set(numbers)) == 20
    assert sorted(c.case_seq for c in Case.select()) == list(range(1, 21))


def test_a_failed_acceptance_gives_no_number_away(township, monkeypatch):
    first, second = _registered(township, 2)
    original = cases._event

    def broken(case, *a, **kw):
        raise RuntimeError("disk full")

    monkeypatch.setattr(cases, "_event", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        cases.transition(township, first, "accept")
    monkeypatch.setattr(cases, "_event", original)
    assert Case.get_by_id(first).case_no is None  # rolled back with its number
    assert cases.transition(township, second, "accept").case_seq == 1
    assert cases.transition(township, first, "accept").case_seq == 2
