"""The plain results of the grid's services (一张网、十联户: villages, grids, household units,
events, tasks, visits, watch registers), apart from services/results.py so that a start, which
shows cases and agreements, does not build these record classes too."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zhongxin_desktop.services.base_records import Record


@dataclass(frozen=True)
class VillageRecord(Record):
    name: str
    code: str
    kind: str
    active: bool


@dataclass(frozen=True)
class GridRecord(Record):
    code: str
    name: str
    village_id: str | None
    kind: str
    households: int
    leader_name: str
    leader_phone: str
    active: bool
    party_group: str
    party_branch: str


@dataclass(frozen=True)
class GridMemberRecord(Record):
    grid_id: str
    name: str
    phone: str
    duty: str
    active: bool


@dataclass(frozen=True)
class HouseholdUnitRecord(Record):
    grid_id: str
    name: str
    head_name: str
    head_phone: str
    households: int
    notes: str
    elected_on: dt.date | None
    police_reviewed_on: dt.date | None
    police_reviewer: str
    branch_confirmed_on: dt.date | None
    branch_confirmer: str


@dataclass(frozen=True)
class HouseholdRecord(Record):
    unit_id: str
    head_name: str
    address: str
    members: int
    phone: str
    tags: str


@dataclass(frozen=True)
class GridEventRecord(Record):
    grid_id: str
    reported_on: dt.date
    reporter_name: str
    reporter_role: str
    event_type: str
    description: str
    risk_level: str
    status: str
    handled_on: dt.date | None
    result: str
    case_id: str | None
    case_outcome: str
    external_ref: str | None
    tenlink: str
    unit_id: str | None


@dataclass(frozen=True)
class GridTaskRecord(Record):
    meeting_id: str | None
    grid_id: str | None
    decided_on: dt.date
    content: str
    owner: str
    due_on: dt.date
    status: str
    done_on: dt.date | None
    result: str


@dataclass(frozen=True)
class GridVisitRecord(Record):
    grid_id: str
    worker_name: str
    visited_on: dt.date
    kind: str
    households: int
    notes: str
    visitor_role: str
    unit_id: str | None
    tenlink: str


@dataclass(frozen=True)
class GridMeetingRecord(Record):
    grid_id: str | None
    held_on: dt.date
    attendees: str
    risks: str
    decisions: str


@dataclass(frozen=True)
class WatchPersonRecord(Record):
    kind: str
    grid_id: str
    name: str
    id_number: str
    phone: str
    address: str
    reason: str
    help_given: str
    worker_name: str
    visit_every_days: int
    since: dt.date
    active: bool


@dataclass(frozen=True)
class WatchVisitRecord(Record):
    person_id: str
    visited_on: dt.date
    visitor: str
    notes: str
    help_given: str
