"""What services hand out: plain, frozen copies of rows, never the live peewee rows themselves.

A caller (the GUI, the CLI, a document) gets values it can read on any thread and keep after the
transaction has ended; nothing it does to them can write to the database or start a query (no lazy
foreign keys: a reference is its id, ``mediator_id``). Each record names its fields as the table
does, so ``case.number``-style reading stays the same. ``tests/test_service_boundary.py`` keeps it so.

The records of the cases (and what hangs off a case: agreements, transfers, events, visits) live
here; the grid's in services/gridwork/grid_records.py and the center's and a user's in
services/base_records.py, so that each start builds only the record classes it shows.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

# named from here too, as every other record (services/base_records.py says why they live apart)
from zhongxin_desktop.services.base_records import CenterRecord as CenterRecord, Plain as Plain, Record as Record
from zhongxin_desktop.services.base_records import UserRecord as UserRecord


@dataclass(frozen=True)
class CaseRecord(Record):
    case_no: str | None
    case_year: int | None
    case_seq: int | None
    status: str
    registered_on: dt.date
    registered_by_id: str | None
    accepted_on: dt.date | None
    source: str
    source_detail: str
    reporter_name: str
    village_id: str | None
    grid_id: str | None
    category: str
    facts: str
    claims: str
    persons_involved: int
    amount: Decimal
    risk_level: str
    is_group: bool
    prevent_criminal: bool
    prevent_criminal_persons: int
    prevent_petition: bool
    prevent_petition_persons: int
    prevent_suicide: bool
    prevent_suicide_persons: int
    mediator_id: str | None
    due_on: dt.date | None
    overdue_reason: str
    closed_on: dt.date | None
    outcome: str
    rejection_reason: str
    guided_to: str
    external_ref: str | None
    instructions: str


@dataclass(frozen=True)
class CaseEventRecord(Record):
    case_id: str
    at: dt.datetime
    username: str
    action: str
    from_status: str
    to_status: str
    remark: str
    details: str


@dataclass(frozen=True)
class TransferRecord(Record):
    case_id: str
    department: str
    sent_on: dt.date
    feedback_due: dt.date
    instructions: str
    reply_on: dt.date | None
    reply: str
    replied_by: str
    reference: str
    direction: str


@dataclass(frozen=True)
class AgreementRecord(Record):
    case_id: str
    kind: str
    number: str
    version: int
    previous_id: str | None
    correction_reason: str
    status: str
    facts: str
    clauses: str
    performance: str
    perform_by: dt.date | None
    perform_place: str
    amount: Decimal
    copies: int
    signed_on: dt.date | None
    frozen_at: dt.datetime | None
    content_hash: str
    mediator_name: str
    recorder_name: str
    parties: str


@dataclass(frozen=True)
class AttachmentRecord(Record):
    case_id: str
    agreement_id: str | None
    kind: str
    title: str
    filename: str
    sha256: str
    size: int
    mime: str
    added_by: str


@dataclass(frozen=True)
class AuditEventRecord(Plain):
    """An audit entry: local to this PC, so without the synced columns."""
    seq: int
    at: dt.datetime
    username: str
    action: str
    object_type: str
    object_id: str
    outcome: str
    detail: str
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class FollowUpRecord(Record):
    case_id: str
    agreement_id: str | None
    visited_on: dt.date
    method: str
    reason: str
    performed: bool
    satisfaction: str
    lawsuit: bool
    escalation_signs: str
    measures: str
    notes: str
    visitor: str


@dataclass(frozen=True)
class JudicialConfirmationRecord(Record):
    case_id: str
    agreement_id: str | None
    applied_on: dt.date
    court: str
    result: str
    result_on: dt.date | None


@dataclass(frozen=True)
class MediationSessionRecord(Record):
    case_id: str
    held_at: dt.datetime
    place: str
    matter: str
    host_id: str | None
    other_mediators: str
    recorder_id: str | None
    participants: str
    rights_notified: bool
    statements: str
    facts_verified: str
    result: str
    result_reason: str


@dataclass(frozen=True)
class ReferralRecord(Record):
    township_code: str
    category: str
    facts: str
    claims: str
    instructions: str
    due_on: dt.date | None
    risk_level: str
    parties: str
    created_by: str
