"""The CI gate of the mutation tool (tests/mutation.py): what it reads back from a report, and
when it fails. The reports here are built from hand-made results, not from a run."""
import mutation as tool


def mutant(index, outcome, code="x = a | b", description="`1` → `2`", line=3, why=""):
    return tool.Mutant("domain/x.py", index, line, "constant", description, code, outcome, why)


def result(*mutants, module="domain/x.py"):
    r = tool.ModuleResult(module, ["tests/test_x.py"], list(mutants), 0.9)
    for m in r.mutants:
        m.module = module
    return r


def test_a_report_is_read_back(tmp_path):
    path = tmp_path / "MUTATION.md"
    x = result(*(mutant(i, "killed") for i in range(8)), mutant(8, "survived"), mutant(9, "equivalent", why="同"),
               mutant(10, "timeout"))
    y = result(mutant(0, "survived", code="return a or b", description="`or` → `and`"), mutant(1, "not run"),
               module="domain/y.py")
    tool.write_report([x, y], 12.0, path, "scripts/mutation", "commit abc, load average 1.0")
    rows, survivors = tool.recorded(path)
    assert rows == {"domain/x.py": {"mutants": 11, "not run": 0, "score": 9 / 10},
                    "domain/y.py": {"mutants": 2, "not run": 1, "score": 0.0}}
    assert survivors == {("domain/x.py", "x = a | b", "`1` → `2`"), ("domain/y.py", "return a or b", "`or` → `and`")}
    assert "commit abc, load average 1.0" in path.read_text(encoding="utf-8")


def test_no_report_reads_as_nothing_recorded(tmp_path):
    assert tool.recorded(tmp_path / "none.md") == ({}, set())


def test_the_recorded_score_must_meet_the_goal_with_every_mutant_run():
    config = {"goals": {"domain/": 0.9, "services/": 0.8}}
    assert tool.recorded_failures(config, "domain/x.py", {"mutants": 10, "not run": 0, "score": 0.9}) == []
    assert tool.recorded_failures(config, "services/s.py", {"mutants": 10, "not run": 0, "score": 0.8}) == []
    assert tool.recorded_failures(config, "domain/x.py", {"mutants": 10, "not run": 0, "score": 0.89}) == [
        "domain/x.py: tests/MUTATION.md records 89.0%, 0 mutants not run (goal 90%)"]
    assert tool.recorded_failures(config, "domain/x.py", {"mutants": 10, "not run": 2, "score": 1.0}) == [
        "domain/x.py: tests/MUTATION.md records 100.0%, 2 mutants not run (goal 90%)"]
    assert tool.recorded_failures(config, "domain/x.py", {"mutants": 0, "not run": 0, "score": None}) == [
        "domain/x.py: tests/MUTATION.md records no score, 0 mutants not run (goal 90%)"]
    assert tool.recorded_failures(config, "domain/new.py", None) == [
        "domain/new.py: not in tests/MUTATION.md (run `scripts/mutation` and commit the report)"]


def test_only_a_survivor_the_report_does_not_list_is_new():
    known = {("domain/x.py", "x = a | b", "`1` → `2`")}
    listed = mutant(0, "survived")
    elsewhere = mutant(1, "survived", code="y = a | b")  # same change on another line of code
    other_change = mutant(2, "survived", description="`1` → `0`")
    explained = mutant(3, "equivalent", code="z = 1", why="同")
    killed = mutant(4, "killed", code="z = 2")
    assert tool.new_survivors(result(listed, elsewhere, other_change, explained, killed), known) == [
        elsewhere, other_change]
    assert tool.new_survivors(result(mutant(0, "survived"), module="domain/y.py"), known) != []
