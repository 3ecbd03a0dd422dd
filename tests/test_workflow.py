"""The case state machine against its reference, docs/workflow.md: every (status, action) pair
the page lists goes where it says, every other pair is refused, and the status groups that drive
deadlines, follow-up visits and the monthly success count are the page's groups. The expected
values are read from the page, never from the transition table under test."""
import re
from pathlib import Path

import pytest

from zhongxin_desktop.domain import workflow
from zhongxin_desktop.domain.errors import TransitionError
from zhongxin_desktop.domain.workflow import Action, Status

DOC = Path(__file__).resolve().parent.parent / "docs" / "workflow.md"

# The program's names for the labels the page uses, written out here so that a wrong label in
# the program fails too.
STATUS = {"登记": Status.REGISTERED, "受理": Status.ACCEPTED, "不予受理": Status.REJECTED,
          "调解中": Status.MEDIATING, "已交办": Status.TRANSFERRED, "调解成功": Status.SUCCEEDED,
          "调解终止": Status.TERMINATED, "履行中": Status.PERFORMING, "已履行": Status.PERFORMED,
          "已办结": Status.CONCLUDED, "已回访": Status.FOLLOWED_UP, "已归档": Status.ARCHIVED}
ACTION = {"受理": Action.ACCEPT, "不予受理": Action.REJECT, "开始调解": Action.START_MEDIATION,
          "交办": Action.TRANSFER, "交办反馈后继续调解": Action.TRANSFER_RETURN,
          "交办反馈办结": Action.TRANSFER_CONCLUDE, "调解成功": Action.SUCCEED, "调解终止": Action.TERMINATE,
          "开始履行": Action.START_PERFORMANCE, "履行完毕": Action.COMPLETE_PERFORMANCE, "回访": Action.FOLLOW_UP,
          "归档": Action.ARCHIVE, "重新调解": Action.REMEDIATE}
DETAIL_KEY = {"原因": "reason", "引导去向": "guided_to", "交办部门": "department", "反馈期限": "feedback_due",
              "部门反馈": "reply"}
ALL_DETAILS = {"reason": "当事人反悔", "guided_to": "人民法院", "department": "派出所", "feedback_due": "2026-12-01",
               "reply": "已核实"}


def _table(heading: str) -> list[list[str]]:
    text = DOC.read_text(encoding="utf-8").split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in text.splitlines()
            if line.startswith("|")]
    return [r for r in rows[2:]]  # header and rule line


STEPS = {(STATUS[s], ACTION[a]): (STATUS[t], [DETAIL_KEY[d] for d in re.split("、", need) if d])
         for s, a, t, need in _table("Steps")}
GROUPS = {name: {STATUS[s] for s in members.split("、")} for name, members, _ in _table("Groups of statuses")}


def test_the_reference_lists_every_status_and_action():
    assert {s for s, _ in STEPS} | {t for t, _ in STEPS.values()} == set(Status)
    assert {a for _, a in STEPS} == set(Action)


@pytest.mark.parametrize("label,status", STATUS.items())
def test_status_labels(label, status):
    assert status.label == label
    assert workflow.STATUS_BY_LABEL[label] is status


@pytest.mark.parametrize("label,action", ACTION.items())
def test_action_labels(label, action):
    assert action.label == label


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("action", list(Action))
def test_every_status_action_pair(status, action):
    if (status, action) in STEPS:
        assert workflow.apply(status, action, ALL_DETAILS) is STEPS[status, action][0]
    else:
        with pytest.raises(TransitionError) as err:
            workflow.apply(status, action, ALL_DETAILS)
        allowed = [a.label for (s, a) in STEPS if s is status]
        message = str(err.value)
        assert f"案件当前为“{status.label}”，不能“{action.label}”" in message
        listed = message.split("当前可进行的操作：", 1)[1]
        assert sorted(listed.split("、")) == sorted(allowed or ["无"])


@pytest.mark.parametrize("status", list(Status))
def test_allowed_actions_are_the_reference_steps(status):
    assert set(workflow.allowed_actions(status)) == {a for (s, a) in STEPS if s is status}


def test_archived_allows_nothing():
    with pytest.raises(TransitionError, match="当前可进行的操作：无"):
        workflow.apply(Status.ARCHIVED, Action.REMEDIATE, ALL_DETAILS)


@pytest.mark.parametrize("step", [k for k, v in STEPS.items() if v[1]], ids=str)
def test_each_required_detail_is_asked_for_by_name(step):
    status, action = step
    needed = STEPS[step][1]
    labels = {v: k for k, v in DETAIL_KEY.items()}
    with pytest.raises(TransitionError) as err:
        workflow.apply(status, action, {})
    assert str(err.value) == f"“{action.label}”需要填写：{'、'.join(labels[k] for k in needed)}"
    for missing in needed:
        details = {k: ALL_DETAILS[k] for k in needed if k != missing} | {missing: "   "}
        with pytest.raises(TransitionError) as err:
            workflow.apply(status, action, details)
        assert str(err.value) == f"“{action.label}”需要填写：{labels[missing]}"
    assert workflow.apply(status, action, {k: ALL_DETAILS[k] for k in needed}) is STEPS[step][0]


def test_steps_without_details_need_none():
    for (status, action), (target, needed) in STEPS.items():
        if not needed:
            assert workflow.apply(status, action) is target


def test_open_statuses_are_the_reference_group():
    assert workflow.OPEN_STATUSES == GROUPS["办理中"]


def test_closed_statuses_are_the_reference_group():
    assert workflow.CLOSED_STATUSES == GROUPS["已结束"]


def test_success_statuses_are_the_reference_group():
    assert workflow.SUCCESS_STATUSES == GROUPS["调解成功"]


def test_follow_up_after_success_and_reopening_after_it():
    assert workflow.apply(Status.SUCCEEDED, Action.FOLLOW_UP) is Status.FOLLOWED_UP
    assert workflow.apply(Status.FOLLOWED_UP, Action.REMEDIATE, {"reason": "协议未履行"}) is Status.MEDIATING


def test_a_transfer_carries_the_other_sides_number_of_at_most_100_characters():
    """受理号/案号 is one line: 100 characters pass (blanks around it do not count), 101 are refused."""
    details = {"department": "县司法局", "feedback_due": "2026-12-10", "reference": "字" * 100}
    assert workflow.apply(Status.ACCEPTED, Action.TRANSFER, details) is Status.TRANSFERRED
    assert workflow.apply(Status.ACCEPTED, Action.TRANSFER, details | {"reference": f"  {'字' * 100} "}) \
        is Status.TRANSFERRED
    assert workflow.apply(Status.ACCEPTED, Action.TRANSFER, details | {"reference": None}) is Status.TRANSFERRED
    with pytest.raises(TransitionError) as err:
        workflow.apply(Status.ACCEPTED, Action.TRANSFER, details | {"reference": "字" * 101})
    assert str(err.value) == "对方编号不能超过100个字符，请核对后填写受理号或案号"
