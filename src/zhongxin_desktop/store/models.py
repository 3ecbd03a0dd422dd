"""The whole domain as peewee models.

Conventions every model follows:
- ``SyncedModel`` rows have a UUID primary key that is the same on every PC, the code of the
  center that owns them (only the owner changes a row), UTC created/updated times and a
  ``row_version`` bumped on every save — the exchange uses it so an older version never
  overwrites a newer one.
- Dates without a time are ``DateField``; instants are naive UTC ``DateTimeField``.
- The schema is made by the numbered migrations in ``store/migrations``, never by
  ``create_tables``; a test checks the two agree.
"""
from __future__ import annotations

import datetime as dt
import uuid

import peewee as pw

from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.sealed import SealedField, SealedText


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def new_id() -> str:
    return str(uuid.uuid4())


class BaseModel(pw.Model):
    # Each foreign key's raw column (``grid_id`` beside ``grid``) is written out as a bare annotation:
    # peewee adds the attribute itself, the annotation tells the type checker it is there.
    class Meta:
        database = database
        legacy_table_names = False


class SyncedModel(BaseModel):
    id = pw.CharField(primary_key=True, max_length=36, default=new_id)
    owner_code = pw.CharField(max_length=12, index=True)
    created_at = pw.DateTimeField(default=utcnow)
    updated_at = pw.DateTimeField(default=utcnow, index=True)
    row_version = pw.IntegerField(default=1)

    def touch(self) -> None:
        """Mark a change: call before save() on an existing row."""
        self.updated_at = utcnow()
        self.row_version = (self.row_version or 0) + 1


# --- the center and its territory -------------------------------------------------------------

class Center(SyncedModel):
    """A township or county center. The local one has is_local=True; a county also holds rows
    for each of its townships."""

    code = pw.CharField(max_length=12, unique=True)  # 9-digit township / 12-digit stat / 6-digit county
    name = pw.CharField()
    kind = pw.CharField(max_length=10)  # "township" | "county"
    committee_short = pw.CharField(default="")  # e.g. 某人 in （2026）某人调字第 15 号
    parent_code = pw.CharField(max_length=12, null=True)
    is_local = pw.BooleanField(default=False)
    address = pw.CharField(default="")
    phone = pw.CharField(default="")


class Setting(BaseModel):
    key = pw.CharField(primary_key=True)
    value = pw.TextField()  # JSON
    updated_at = pw.DateTimeField(default=utcnow)


class Village(SyncedModel):
    name = pw.CharField()
    code = pw.CharField(max_length=12, default="")
    kind = pw.CharField(max_length=4, default="村")  # 村 / 社区
    active = pw.BooleanField(default=True)


class Grid(SyncedModel):
    code = pw.CharField(max_length=32, index=True)
    name = pw.CharField()
    village = pw.ForeignKeyField(Village, null=True, backref="grids", on_delete="SET NULL")
    village_id: str | None
    kind = pw.CharField(max_length=8, default="rural")  # urban / rural
    households = pw.IntegerField(default=0)
    leader_name = pw.CharField(default="")  # 网格长
    leader_phone = pw.CharField(default="")
    active = pw.BooleanField(default=True)
    # the 铁三角 beside 网格员 and 联户长 (migration 60)
    party_group = pw.CharField(default="")  # 党小组
    party_branch = pw.CharField(default="")  # 党支部


class GridMember(SyncedModel):
    grid = pw.ForeignKeyField(Grid, backref="members", on_delete="CASCADE")
    grid_id: str
    name = pw.CharField()
    phone = pw.CharField(default="")
    duty = pw.CharField(default="网格员")  # 网格长 / 网格员 / 专职网格员 / 兼职网格员
    active = pw.BooleanField(default=True)


class HouseholdUnit(SyncedModel):
    """十联户: 10-20 neighbouring households with an elected head."""

    grid = pw.ForeignKeyField(Grid, backref="units", on_delete="CASCADE")
    grid_id: str
    name = pw.CharField(default="")
    head_name = pw.CharField()
    head_phone = pw.CharField(default="")
    households = pw.IntegerField(default=10)
    notes = pw.TextField(default="")
    # how the 联户长 was chosen: 联户选、片警审、支部核 (migration 60)
    elected_on = pw.DateField(null=True)
    police_reviewed_on = pw.DateField(null=True)
    police_reviewer = pw.CharField(default="")
    branch_confirmed_on = pw.DateField(null=True)
    branch_confirmer = pw.CharField(default="")


class Household(SyncedModel):
    """One household of a 十联户 unit (migration 60)."""

    unit = pw.ForeignKeyField(HouseholdUnit, backref="homes", on_delete="CASCADE")
    unit_id: str
    head_name = pw.CharField()  # 户主
    address = pw.CharField(default="")
    members = pw.IntegerField(default=1)  # 家庭人口
    phone = SealedField(default="")
    tags = pw.CharField(default="")  # 、-separated: 低保户、独居老人、留守儿童…


# --- people who use the app -------------------------------------------------------------------

class User(SyncedModel):
    username = pw.CharField(unique=True)
    display_name = pw.CharField()
    role = pw.CharField(max_length=16)
    password_hash = pw.CharField()
    phone = pw.CharField(default="")
    active = pw.BooleanField(default=True)
    failed_attempts = pw.IntegerField(default=0)
    locked_until = pw.DateTimeField(null=True)
    last_login_at = pw.DateTimeField(null=True)
    must_change_password = pw.BooleanField(default=False)


# --- the township's mediation organisation (migration 35) ---------------------------------------

class MediationCommittee(SyncedModel):
    """人民调解委员会 of the township (and of its villages, enterprises, trades). Travels up to the
    county's roster; its members are the mediators linked to it."""

    name = pw.CharField()
    kind = pw.CharField(max_length=16, default="乡镇（街道）")  # 乡镇（街道）/ 村（居）/ 企事业单位 / 行业性专业性
    active = pw.BooleanField(default=True)


class Mediator(SyncedModel):
    """调解员 on the roster. ``user`` links the account of a mediator who signs in on this PC; like
    every column pointing at users it stays here, so no sign-in data leaves the PC."""

    committee = pw.ForeignKeyField(MediationCommittee, null=True, backref="mediators", on_delete="SET NULL")
    committee_id: str | None
    name = pw.CharField()
    sex = pw.CharField(max_length=2, default="")
    duty = pw.CharField(max_length=16, default="调解员")  # 主任 / 副主任 / 委员 / 专职调解员 / 兼职调解员 …
    phone = SealedField(default="")
    active = pw.BooleanField(default=True)
    trained = pw.BooleanField(default=False)  # has had the 人民调解员 training
    user = pw.ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")


# --- cases ------------------------------------------------------------------------------------

class Case(SyncedModel):
    case_no = pw.CharField(null=True, index=True)  # given at 受理; unique per owner (migration 11)
    case_year = pw.IntegerField(null=True)
    case_seq = pw.IntegerField(null=True)
    status = pw.CharField(max_length=16, index=True)
    registered_on = pw.DateField(index=True)
    registered_by = pw.ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    registered_by_id: str | None
    accepted_on = pw.DateField(null=True, index=True)
    source = pw.CharField(max_length=16, index=True)
    source_detail = pw.CharField(default="")  # e.g. 12345 work-order number, court name
    reporter_name = pw.CharField(default="")  # grid worker / household head who reported
    village = pw.ForeignKeyField(Village, null=True, backref="cases", on_delete="SET NULL")
    village_id: str | None
    grid = pw.ForeignKeyField(Grid, null=True, backref="cases", on_delete="SET NULL")
    grid_id: str | None
    category = pw.CharField(max_length=16, index=True)
    facts = pw.TextField(default="")
    claims = pw.TextField(default="")
    persons_involved = pw.IntegerField(default=2)
    amount = pw.DecimalField(max_digits=14, decimal_places=2, default=0, auto_round=True)
    risk_level = pw.CharField(max_length=4, default="黄", index=True)
    is_group = pw.BooleanField(default=False)
    prevent_criminal = pw.BooleanField(default=False)
    prevent_criminal_persons = pw.IntegerField(default=0)
    prevent_petition = pw.BooleanField(default=False)
    prevent_petition_persons = pw.IntegerField(default=0)
    prevent_suicide = pw.BooleanField(default=False)
    prevent_suicide_persons = pw.IntegerField(default=0)
    mediator = pw.ForeignKeyField(User, null=True, backref="mediated_cases", on_delete="SET NULL")
    mediator_id: str | None
    due_on = pw.DateField(null=True, index=True)
    overdue_reason = pw.TextField(default="")
    closed_on = pw.DateField(null=True)  # indexed with what an overdue count tests (Meta)
    outcome = pw.CharField(default="")  # free text summary of the result
    rejection_reason = pw.TextField(default="")
    guided_to = pw.CharField(default="")
    external_ref = pw.CharField(null=True, index=True)  # ledger import key, county referral id
    instructions = pw.TextField(default="")  # county referral instructions

    class Meta:
        indexes = ((("owner_code", "case_no"), True),
                   (("case_year", "case_seq"), False),  # migration 10: the case-number order
                   # migration 17: the 工作台's counts and lists of open cases read these alone
                   (("status", "due_on"), False),
                   (("closed_on", "accepted_on", "due_on", "status"), False))


class Party(SyncedModel):
    kind = pw.CharField(max_length=8, default="natural")  # natural / legal
    name = pw.CharField(index=True)
    name_pinyin = pw.CharField(default="", index=True)  # "zhangsan"
    name_initials = pw.CharField(default="", index=True)  # "zs"
    sex = pw.CharField(max_length=2, default="")
    ethnicity = pw.CharField(default="汉族")
    birth_date = pw.DateField(null=True)
    occupation = pw.CharField(default="")
    address = pw.CharField(default="")
    # SealedField: encrypted at rest when turned on (store/sealed.py); index: migration 10 (duplicate check)
    phone = SealedField(default="", index=True)
    phone_tail = pw.CharField(max_length=4, default="", index=True)
    id_number = SealedField(default="", index=True)
    id_tail = pw.CharField(max_length=4, default="", index=True)
    id_flag = pw.CharField(default="")  # why a stored ID number is doubtful (imported as written)
    legal_rep = pw.CharField(default="")  # 法定代表人 for legal persons
    legal_rep_title = pw.CharField(default="")  # 职务 of the 法定代表人/负责人 (migration 21)
    credit_code = pw.CharField(max_length=18, default="")  # 统一社会信用代码, GB 32100 (migration 21)
    contact = pw.CharField(default="")

    class Meta:
        # migration 16: the 工作台's people in two or more cases, grouped in index order
        indexes = ((("owner_code", "id_number"), False), (("owner_code", "phone", "name"), False))


class CaseParty(SyncedModel):
    case = pw.ForeignKeyField(Case, backref="party_links", on_delete="CASCADE")
    case_id: str
    party = pw.ForeignKeyField(Party, backref="case_links", on_delete="CASCADE")
    party_id: str
    role = pw.CharField(max_length=8)  # 申请人 / 被申请人 / 当事人
    position = pw.IntegerField(default=0)
    agent_name = pw.CharField(default="")
    agent_phone = SealedField(default="")
    agent_kind = pw.CharField(default="")  # 委托代理人 / 法定代理人

    class Meta:
        indexes = ((("case", "party", "role"), True),)


class CaseNumberSequence(BaseModel):
    """Last number handed out per year. Updated in the same transaction as the case, so a
    number is never reused, even when two windows accept at once."""

    year = pw.IntegerField(primary_key=True)
    last_seq = pw.IntegerField(default=0)


class CaseEvent(SyncedModel):
    case = pw.ForeignKeyField(Case, backref="events", on_delete="CASCADE")
    case_id: str
    at = pw.DateTimeField(default=utcnow, index=True)
    username = pw.CharField()
    action = pw.CharField(max_length=24)
    from_status = pw.CharField(max_length=16, default="")
    to_status = pw.CharField(max_length=16, default="")
    remark = pw.TextField(default="")
    details = pw.TextField(default="{}")  # JSON


class Transfer(SyncedModel):
    """交办: a case sent to a department with a feedback deadline (closed loop)."""

    case = pw.ForeignKeyField(Case, backref="transfers", on_delete="CASCADE")
    case_id: str
    department = pw.CharField()
    sent_on = pw.DateField()
    feedback_due = pw.DateField()
    instructions = pw.TextField(default="")
    reply_on = pw.DateField(null=True)
    reply = pw.TextField(default="")
    replied_by = pw.CharField(default="")
    # migration 12: the other side's number (工单号/案号) and which way it goes: out (交办 from us, their
    # reply awaited) or in (an order that came with the case: 12345, 110, court, 信访; our reply owed)
    reference = pw.CharField(default="")
    direction = pw.CharField(max_length=4, default="out")


# --- mediation --------------------------------------------------------------------------------

class MediationSession(SyncedModel):
    case = pw.ForeignKeyField(Case, backref="sessions", on_delete="CASCADE")
    case_id: str
    held_at = pw.DateTimeField()
    place = pw.CharField(default="")
    matter = pw.CharField(default="")  # 事由
    host = pw.ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    host_id: str | None
    other_mediators = pw.CharField(default="")
    recorder = pw.ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    recorder_id: str | None
    participants = pw.TextField(default="")
    rights_notified = pw.BooleanField(default=True)
    statements = pw.TextField(default="")
    facts_verified = pw.TextField(default="")
    result = pw.CharField(max_length=10, default="continue")  # agreed / continue / failed
    result_reason = pw.TextField(default="")


class Agreement(SyncedModel):
    case = pw.ForeignKeyField(Case, backref="agreements", on_delete="CASCADE")
    case_id: str
    kind = pw.CharField(max_length=8, default="written")  # written / oral
    number = pw.CharField(default="")
    version = pw.IntegerField(default=1)
    previous = pw.ForeignKeyField("self", null=True, backref="corrections", on_delete="SET NULL")
    previous_id: str | None
    correction_reason = pw.TextField(default="")
    status = pw.CharField(max_length=12, default="draft")  # draft/printed/signed/frozen/superseded
    facts = pw.TextField(default="")  # 纠纷主要事实、争议事项
    clauses = pw.TextField(default="[]")  # JSON list of clause texts
    performance = pw.TextField(default="")  # 履行方式、时限
    perform_by = pw.DateField(null=True)
    perform_place = pw.TextField(default="")  # 履行地点 (migration 21)
    amount = pw.DecimalField(max_digits=14, decimal_places=2, default=0, auto_round=True)
    copies = pw.IntegerField(default=3)
    signed_on = pw.DateField(null=True, index=True)  # the day it took effect
    frozen_at = pw.DateTimeField(null=True)
    content_hash = pw.CharField(default="")
    mediator_name = pw.CharField(default="")
    recorder_name = pw.CharField(default="")
    parties = SealedText(default="[]")  # JSON snapshot of the parties (migration 20)


class Attachment(SyncedModel):
    case = pw.ForeignKeyField(Case, backref="attachments", on_delete="CASCADE")
    case_id: str
    agreement = pw.ForeignKeyField(Agreement, null=True, backref="scans", on_delete="SET NULL")
    agreement_id: str | None
    kind = pw.CharField(default="scan")  # scan / evidence / id_proof / other
    title = pw.CharField(default="")
    filename = pw.CharField()
    sha256 = pw.CharField(max_length=64, index=True)
    size = pw.IntegerField()
    mime = pw.CharField(default="")
    added_by = pw.CharField(default="")


class FollowUp(SyncedModel):
    case = pw.ForeignKeyField(Case, backref="followups", on_delete="CASCADE")
    case_id: str
    agreement = pw.ForeignKeyField(Agreement, null=True, backref="followups", on_delete="SET NULL")
    agreement_id: str | None
    visited_on = pw.DateField()
    method = pw.CharField(default="电话")  # 电话 / 上门 / 约谈
    reason = pw.CharField(default="")
    performed = pw.BooleanField(default=True)
    satisfaction = pw.CharField(default="满意")
    lawsuit = pw.BooleanField(default=False)
    escalation_signs = pw.TextField(default="")
    measures = pw.TextField(default="")
    notes = pw.TextField(default="")
    visitor = pw.CharField(default="")


class JudicialConfirmation(SyncedModel):
    case = pw.ForeignKeyField(Case, backref="confirmations", on_delete="CASCADE")
    case_id: str
    agreement = pw.ForeignKeyField(Agreement, null=True, backref="confirmations", on_delete="SET NULL")
    agreement_id: str | None
    applied_on = pw.DateField()
    court = pw.CharField()
    result = pw.CharField(default="")  # 确认有效 / 驳回 / 撤回 / 待定
    result_on = pw.DateField(null=True)


# --- the grid's work --------------------------------------------------------------------------

class GridEvent(SyncedModel):
    grid = pw.ForeignKeyField(Grid, backref="events", on_delete="CASCADE")
    grid_id: str
    reported_on = pw.DateField(index=True)
    reporter_name = pw.CharField(default="")
    reporter_role = pw.CharField(default="网格员")  # 网格员 / 联户长
    event_type = pw.CharField(default="矛盾纠纷")
    description = pw.TextField(default="")
    risk_level = pw.CharField(max_length=4, default="黄")
    status = pw.CharField(max_length=12, default="open")  # open / handled / escalated / closed
    handled_on = pw.DateField(null=True)
    result = pw.TextField(default="")
    case = pw.ForeignKeyField(Case, null=True, backref="grid_events", on_delete="SET NULL")
    case_id: str | None
    case_outcome = pw.TextField(default="")  # fed back from the case (closed loop)
    external_ref = pw.CharField(null=True, index=True)
    tenlink = pw.CharField(default="")  # one of the 十联 categories (setting tenlink_categories); migration 60
    unit = pw.ForeignKeyField(HouseholdUnit, null=True, backref="events", on_delete="SET NULL")  # a 联户长's unit
    unit_id: str | None


class GridVisit(SyncedModel):
    grid = pw.ForeignKeyField(Grid, backref="visits", on_delete="CASCADE")
    grid_id: str
    worker_name = pw.CharField()
    visited_on = pw.DateField(index=True)
    kind = pw.CharField(default="routine")  # routine (日基本走访) / focused (周重点走访)
    households = pw.IntegerField(default=1)
    notes = pw.TextField(default="")
    # migration 60: a 联户长's 入户走访 counts for their unit; the 十联 category of what was found
    visitor_role = pw.CharField(default="网格员")  # 网格员 / 网格长 / 联户长
    unit = pw.ForeignKeyField(HouseholdUnit, null=True, backref="visits", on_delete="SET NULL")
    unit_id: str | None
    tenlink = pw.CharField(default="")


class WatchPerson(SyncedModel):
    """A register entry: 重点人员 (someone under watch) or 困难家庭 (a family in difficulty), with the
    grid worker responsible and how often they are to be visited (migration 61)."""

    kind = pw.CharField(max_length=8, index=True)  # 重点人员 / 困难家庭
    grid = pw.ForeignKeyField(Grid, backref="watched", on_delete="CASCADE")
    grid_id: str
    name = pw.CharField()
    id_number = SealedField(default="")
    phone = SealedField(default="")
    address = pw.CharField(default="")
    reason = pw.TextField(default="")  # 重点人员: why watched; 困难家庭: the difficulty
    help_given = pw.TextField(default="")  # 困难家庭: help given so far
    worker_name = pw.CharField(default="")  # the responsible grid worker
    visit_every_days = pw.IntegerField(default=7)
    since = pw.DateField()
    active = pw.BooleanField(default=True)


class WatchVisit(SyncedModel):
    person = pw.ForeignKeyField(WatchPerson, backref="visits", on_delete="CASCADE")
    person_id: str
    visited_on = pw.DateField(index=True)
    visitor = pw.CharField()
    notes = pw.TextField(default="")
    help_given = pw.TextField(default="")


class GridMeeting(SyncedModel):
    """周研判调度: the weekly analysis meeting."""

    grid = pw.ForeignKeyField(Grid, null=True, backref="meetings", on_delete="SET NULL")
    grid_id: str | None
    held_on = pw.DateField(index=True)
    attendees = pw.TextField(default="")
    risks = pw.TextField(default="")
    decisions = pw.TextField(default="")


class GridTask(SyncedModel):
    """A decision of a 周研判 meeting to be carried out: who, by when, and what came of it; carried
    into each weekly briefing until closed (migration 62)."""

    meeting = pw.ForeignKeyField(GridMeeting, null=True, backref="tasks", on_delete="SET NULL")
    meeting_id: str | None
    grid = pw.ForeignKeyField(Grid, null=True, backref="tasks", on_delete="SET NULL")
    grid_id: str | None
    decided_on = pw.DateField(index=True)
    content = pw.TextField()
    owner = pw.CharField()  # 责任人
    due_on = pw.DateField()
    status = pw.CharField(max_length=8, default="open")  # open / done
    done_on = pw.DateField(null=True)
    result = pw.TextField(default="")


# --- safety -----------------------------------------------------------------------------------

class AuditEvent(BaseModel):
    """Append-only, hash-chained. Local to this PC, never synced or edited."""

    seq = pw.AutoField()
    at = pw.DateTimeField(default=utcnow, index=True)
    username = pw.CharField()
    action = pw.CharField(index=True)
    object_type = pw.CharField(default="")
    object_id = pw.CharField(default="")
    outcome = pw.CharField(default="ok")  # ok / denied / failed
    detail = pw.TextField(default="")
    prev_hash = pw.CharField(max_length=64)
    hash = pw.CharField(max_length=64)


class SchemaMigration(BaseModel):
    number = pw.IntegerField(primary_key=True)
    name = pw.CharField()
    app_version = pw.CharField()
    applied_at = pw.DateTimeField(default=utcnow)


# --- county exchange (migration 30) -------------------------------------------------------------

class Tombstone(SyncedModel):
    """A deleted synced row, so the deletion travels to the county. ``id`` is the deleted row's id
    (UUIDs are unique across tables); ``row_version`` is the deleted row's version + 1."""

    table_name = pw.CharField(max_length=40)
    deleted_at = pw.DateTimeField(default=utcnow)


class Referral(SyncedModel):
    """交办件: a case the county hands to one of its townships. Owned by the county; the township
    makes (and owns) a Case from it with external_ref = this id and reports its handling back."""

    township_code = pw.CharField(max_length=12, index=True)
    category = pw.CharField(max_length=16)
    facts = pw.TextField(default="")
    claims = pw.TextField(default="")
    instructions = pw.TextField(default="")
    due_on = pw.DateField(null=True)
    risk_level = pw.CharField(max_length=4, default="黄")
    parties = SealedText(default="[]")  # JSON list of {name, role, phone, id_number, ...}
    created_by = pw.CharField(default="")


class TrustedKey(BaseModel):
    """Another center's public keys, trusted after the fingerprint was confirmed (local only)."""

    code = pw.CharField(max_length=12, unique=True)
    name = pw.CharField()
    kind = pw.CharField(max_length=10)  # township / county
    sign_public = pw.CharField()  # Ed25519, hex
    enc_public = pw.CharField()  # X25519, hex
    fingerprint = pw.CharField()
    trusted_at = pw.DateTimeField(default=utcnow)
    trusted_by = pw.CharField(default="")


class ExchangeAck(BaseModel):
    """The version of one of our rows that a peer confirmed holding (from its receipt).
    Export sends every row whose version is above its ack (local only)."""

    peer_code = pw.CharField(max_length=12)
    table_name = pw.CharField(max_length=40)
    row_id = pw.CharField(max_length=36)
    row_version = pw.IntegerField()

    class Meta:
        indexes = ((("peer_code", "row_id"), True),)


class ExchangeLog(BaseModel):
    """Every bundle written or read here, with its summary (local only)."""

    id = pw.AutoField()  # peewee's default key, spelled out so the order by it is typed
    at = pw.DateTimeField(default=utcnow, index=True)
    direction = pw.CharField(max_length=8)  # out / in
    peer_code = pw.CharField(max_length=12, index=True)
    sequence = pw.IntegerField(default=0)
    period = pw.CharField(max_length=7, default="")
    file_name = pw.CharField(default="")
    file_sha256 = pw.CharField(max_length=64, default="", index=True)
    status = pw.CharField(max_length=12, default="ok")  # ok / warning / refused / dry-run
    username = pw.CharField(default="")
    summary = pw.TextField(default="{}")  # JSON


class StatSnapshot(BaseModel):
    """A township's monthly statistics as it reported them in a bundle (county side)."""

    center_code = pw.CharField(max_length=12)
    period = pw.CharField(max_length=7)
    data = pw.TextField(default="{}")  # JSON
    received_at = pw.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("center_code", "period"), True),)


class AuditHead(BaseModel):
    """County side: a township's audit chain head as each of its bundles reported it, and
    whether it extended the head held before (migration 34). Local only, never synced."""

    id = pw.AutoField()  # peewee's default key, spelled out so the order by it is typed
    center_code = pw.CharField(max_length=12, index=True)
    seq = pw.IntegerField()
    hash = pw.CharField(max_length=64)
    bundle_sequence = pw.IntegerField(default=0)
    bundle_created_at = pw.CharField(default="")  # the sender's clock, as in the manifest
    received_at = pw.DateTimeField(default=utcnow)
    status = pw.CharField(max_length=12, default="ok")  # ok / first / broken / unverifiable
    reason = pw.TextField(default="")


ALL_MODELS: list[type[BaseModel]] = [
    Center, Setting, Village, Grid, GridMember, HouseholdUnit, Household, User, Case, Party, CaseParty,
    CaseNumberSequence, CaseEvent, Transfer, MediationSession, Agreement, Attachment, FollowUp,
    JudicialConfirmation, GridEvent, GridVisit, WatchPerson, WatchVisit, GridMeeting, GridTask, AuditEvent,
    SchemaMigration, Tombstone, Referral, TrustedKey, ExchangeAck, ExchangeLog, StatSnapshot, AuditHead,
]


# --- cases: the search index (migration 10) -----------------------------------------------------

class CaseSearch(BaseModel):
    """One row per case: tokenised text for the FTS5 table ``case_fts`` (services/casework/search_index)."""

    doc_id = pw.AutoField()
    case_id = pw.CharField(max_length=36, unique=True)
    names = pw.TextField()
    pinyin = pw.TextField()
    tails = pw.TextField()
    caseno = pw.TextField()
    body = pw.TextField()


class CaseSearchDirty(BaseModel):
    """Cases whose searchable text changed and is not indexed yet (filled by SQL triggers)."""

    case_id = pw.CharField(max_length=36, primary_key=True)


ALL_MODELS += [CaseSearch, CaseSearchDirty]


# --- county: people in the cases of several townships (migration 36) --------------------------

class PersonKey(BaseModel):
    """County side, local only: each party's match keys — a hash of its ID number, and of its name
    with its phone — kept up to date as bundles are applied (exchange/person_index.py)."""

    key = pw.CharField(max_length=40, index=True)
    party = pw.ForeignKeyField(Party, backref="+", on_delete="CASCADE", index=True)
    owner_code = pw.CharField(max_length=12)


class PersonSpread(BaseModel):
    """How many townships a match key was seen in when it last changed: the county's list of
    people in several townships reads only the keys at 2 or more."""

    key = pw.CharField(max_length=40, primary_key=True)
    townships = pw.IntegerField(default=0, index=True)


ALL_MODELS += [MediationCommittee, Mediator, PersonKey, PersonSpread]
# --- the county's own work: conflicts it settles, rules it publishes (migrations 37, 38) ---------

class ExchangeConflict(BaseModel):
    """A township row that arrived with the version the county already held but other content.
    Both versions are kept here for good (sealed: a party's row holds ID numbers and phones); the
    county's decision travels down in its replies until the township's next version arrives."""

    id = pw.CharField(primary_key=True, max_length=36, default=new_id)
    center_code = pw.CharField(max_length=12, index=True)  # the township that sent it
    table_name = pw.CharField(max_length=40)
    row_id = pw.CharField(max_length=36, index=True)
    row_version = pw.IntegerField()
    held = SealedText()  # the county's copy when the conflict was found (exchange dict, JSON)
    incoming = SealedText()  # what the township sent (exchange dict, JSON)
    incoming_hash = pw.CharField(max_length=32)
    bundle_sequence = pw.IntegerField(default=0)
    found_at = pw.DateTimeField(default=utcnow)
    status = pw.CharField(max_length=12, default="open")  # open / resolved
    keep = pw.CharField(max_length=10, default="")  # township / county
    reason = pw.TextField(default="")
    resolved_by = pw.CharField(default="")
    resolved_at = pw.DateTimeField(null=True)


class CountyRule(BaseModel):
    """One version of what a county requires of its townships (categories, sources, deadlines,
    the report day), as the signed document it published. At the county: each version it
    published; at a township: each version it applied, with what changed there."""

    county_code = pw.CharField(max_length=12)
    version = pw.IntegerField()
    document = pw.TextField()  # the signed document, JSON
    recorded_at = pw.DateTimeField(default=utcnow)
    recorded_by = pw.CharField(default="")
    changes = pw.TextField(default="[]")  # JSON list of lines for a person

    class Meta:
        indexes = ((("county_code", "version"), True),)


ALL_MODELS += [ExchangeConflict, CountyRule]
