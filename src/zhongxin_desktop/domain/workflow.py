"""The case state machine. Pure: the services record each step as an event."""
from __future__ import annotations

from typing import Any

from dataclasses import dataclass
from enum import StrEnum

from zhongxin_desktop.domain.errors import TransitionError


class Status(StrEnum):
    REGISTERED = "registered"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    MEDIATING = "mediating"
    TRANSFERRED = "transferred"
    SUCCEEDED = "succeeded"
    TERMINATED = "terminated"
    PERFORMING = "performing"
    PERFORMED = "performed"
    CONCLUDED = "concluded"  # closed by the department a case was transferred to
    FOLLOWED_UP = "followed_up"
    ARCHIVED = "archived"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS: dict[Status, str] = {
    Status.REGISTERED: "登记",
    Status.ACCEPTED: "受理",
    Status.REJECTED: "不予受理",
    Status.MEDIATING: "调解中",
    Status.TRANSFERRED: "已交办",
    Status.SUCCEEDED: "调解成功",
    Status.TERMINATED: "调解终止",
    Status.PERFORMING: "履行中",
    Status.PERFORMED: "已履行",
    Status.CONCLUDED: "已办结",
    Status.FOLLOWED_UP: "已回访",
    Status.ARCHIVED: "已归档",
}

STATUS_BY_LABEL = {v: k for k, v in STATUS_LABELS.items()}

# Cases still being worked on: they have a running deadline.
OPEN_STATUSES = frozenset({Status.REGISTERED, Status.ACCEPTED, Status.MEDIATING, Status.TRANSFERRED})
# Cases whose handling has ended (a follow-up visit may be due).
CLOSED_STATUSES = frozenset(
    {Status.SUCCEEDED, Status.TERMINATED, Status.PERFORMING, Status.PERFORMED, Status.CONCLUDED}
)
SUCCESS_STATUSES = frozenset({Status.SUCCEEDED, Status.PERFORMING, Status.PERFORMED})


class Action(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"
    START_MEDIATION = "start_mediation"
    TRANSFER = "transfer"
    TRANSFER_RETURN = "transfer_return"
    TRANSFER_CONCLUDE = "transfer_conclude"
    SUCCEED = "succeed"
    TERMINATE = "terminate"
    START_PERFORMANCE = "start_performance"
    COMPLETE_PERFORMANCE = "complete_performance"
    FOLLOW_UP = "follow_up"
    ARCHIVE = "archive"
    REMEDIATE = "remediate"

    @property
    def label(self) -> str:
        return ACTIONS[self].label


@dataclass(frozen=True)
class Rule:
    label: str
    sources: frozenset[Status]
    target: Status
    required: tuple[str, ...] = ()  # names of details the step cannot go without


_ALL_DONE_FOR_REOPEN = frozenset(
    {Status.SUCCEEDED, Status.TERMINATED, Status.PERFORMING, Status.PERFORMED, Status.CONCLUDED,
     Status.FOLLOWED_UP}
)

ACTIONS: dict[Action, Rule] = {
    Action.ACCEPT: Rule("受理", frozenset({Status.REGISTERED}), Status.ACCEPTED),
    Action.REJECT: Rule("不予受理", frozenset({Status.REGISTERED}), Status.REJECTED, ("reason", "guided_to")),
    Action.START_MEDIATION: Rule("开始调解", frozenset({Status.ACCEPTED}), Status.MEDIATING),
    Action.TRANSFER: Rule(
        "交办", frozenset({Status.ACCEPTED, Status.MEDIATING}), Status.TRANSFERRED,
        ("department", "feedback_due"),
    ),
    Action.TRANSFER_RETURN: Rule("交办反馈后继续调解", frozenset({Status.TRANSFERRED}), Status.MEDIATING, ("reply",)),
    Action.TRANSFER_CONCLUDE: Rule("交办反馈办结", frozenset({Status.TRANSFERRED}), Status.CONCLUDED, ("reply",)),
    Action.SUCCEED: Rule("调解成功", frozenset({Status.MEDIATING}), Status.SUCCEEDED),
    Action.TERMINATE: Rule("调解终止", frozenset({Status.MEDIATING}), Status.TERMINATED, ("reason",)),
    Action.START_PERFORMANCE: Rule("开始履行", frozenset({Status.SUCCEEDED}), Status.PERFORMING),
    Action.COMPLETE_PERFORMANCE: Rule(
        "履行完毕", frozenset({Status.SUCCEEDED, Status.PERFORMING}), Status.PERFORMED
    ),
    Action.FOLLOW_UP: Rule("回访", CLOSED_STATUSES, Status.FOLLOWED_UP),
    Action.ARCHIVE: Rule("归档", frozenset({Status.FOLLOWED_UP, Status.REJECTED}), Status.ARCHIVED),
    Action.REMEDIATE: Rule("重新调解", _ALL_DONE_FOR_REOPEN, Status.MEDIATING, ("reason",)),
}

# the other side's number on a transfer (受理号、案号): a line, not a text
REFERENCE_MAX = 100

DETAIL_LABELS = {
    "reason": "原因",
    "guided_to": "引导去向",
    "department": "交办部门",
    "feedback_due": "反馈期限",
    "reply": "部门反馈",
}


def allowed_actions(status: Status) -> list[Action]:
    return [a for a, rule in ACTIONS.items() if status in rule.sources]


def apply(status: Status, action: Action, details: dict[str, Any] | None = None) -> Status:
    """Return the new status, or raise TransitionError saying why not."""
    rule = ACTIONS[action]
    if status not in rule.sources:
        allowed = "、".join(a.label for a in allowed_actions(status)) or "无"
        raise TransitionError(
            f"案件当前为“{status.label}”，不能“{rule.label}”。当前可进行的操作：{allowed}"
        )
    details = details or {}
    missing = [DETAIL_LABELS[k] for k in rule.required if not str(details.get(k) or "").strip()]
    if missing:
        raise TransitionError(f"“{rule.label}”需要填写：{'、'.join(missing)}")
    if len(str(details.get("reference") or "").strip()) > REFERENCE_MAX:
        raise TransitionError(f"对方编号不能超过{REFERENCE_MAX}个字符，请核对后填写受理号或案号")
    return rule.target
