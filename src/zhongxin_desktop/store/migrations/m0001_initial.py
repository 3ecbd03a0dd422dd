"""Migration 1: the first schema, frozen as SQL. Never edit; add a new migration instead."""

import peewee as pw

NUMBER = 1
NAME = "initial schema"

STATEMENTS = """
CREATE TABLE IF NOT EXISTS "center" ("id" VARCHAR(36) NOT NULL PRIMARY KEY, "owner_code" VARCHAR(12) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "row_version" INTEGER NOT NULL, "code" VARCHAR(12) NOT NULL, "name" VARCHAR(255) NOT NULL, "kind" VARCHAR(10) NOT NULL, "committee_short" VARCHAR(255) NOT NULL, "parent_code" VARCHAR(12), "is_local" INTEGER NOT NULL, "address" VARCHAR(255) NOT NULL, "phone" VARCHAR(255) NOT NULL);
CREATE INDEX IF NOT EXISTS "center_owner_code" ON "center" ("owner_code");
CREATE INDEX IF NOT EXISTS "center_updated_at" ON "center" ("updated_at");
CREATE UNIQUE INDEX IF NOT EXISTS "center_code" ON "center" ("code");
CREATE TABLE IF NOT EXISTS "setting" ("key" VARCHAR(255) NOT NULL PRIMARY KEY, "value" TEXT NOT NULL, "updated_at" DATETIME NOT NULL);
CREATE TABLE IF NOT EXISTS "village" ("id" VARCHAR(36) NOT NULL PRIMARY KEY, "owner_code" VARCHAR(12) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "row_version" INTEGER NOT NULL, "name" VARCHAR(255) NOT NULL, "code" VARCHAR(12) NOT NULL, "kind" VARCHAR(4) NOT NULL, "active" INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS "village_owner_code" ON "village" ("owner_code");
CREATE INDEX IF NOT EXISTS "village_updated_at" ON "village" ("updated_at");
CREATE TABLE IF NOT EXISTS "grid" ("id" VARCHAR(36) NOT NULL PRIMARY KEY, "owner_code" VARCHAR(12) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "row_version" INTEGER NOT NULL, "code" VARCHAR(32) NOT NULL, "name" VARCHAR(255) NOT NULL, "village_id" VARCHAR(36), "kind" VARCHAR(8) NOT NULL, "households" INTEGER NOT NULL, "leader_name" VARCHAR(255) NOT NULL, "leader_phone" VARCHAR(255) NOT NULL, "active" INTEGER NOT NULL, FOREIGN KEY ("village_id") REFERENCES "village" ("id") ON DELETE SET NULL);
CREATE INDEX IF NOT EXISTS "grid_owner_code" ON "grid" ("owner_code");
CREATE INDEX IF NOT EXISTS "grid_updated_at" ON "grid" ("updated_at");
CREATE INDEX IF NOT EXISTS "grid_code" ON "grid" ("code");
CREATE INDEX IF NOT EXISTS "grid_village_id" ON "grid" ("village_id");
CREATE TABLE IF NOT EXISTS "grid_member" ("id" VARCHAR(36) NOT NULL PRIMARY KEY, "owner_code" VARCHAR(12) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "row_version" INTEGER NOT NULL, "grid_id" VARCHAR(36) NOT NULL, "name" VARCHAR(255) NOT NULL, "phone" VARCHAR(255) NOT NULL, "duty" VARCHAR(255) NOT NULL, "active" INTEGER NOT NULL, FOREIGN KEY ("grid_id") REFERENCES "grid" ("id") ON DELETE CASCADE);
CREATE INDEX IF NOT EXISTS "grid_member_owner_code" ON "grid_member" ("owner_code");
CREATE INDEX IF NOT EXISTS "grid_member_updated_at" ON "grid_member" ("updated_at");
CREATE INDEX IF NOT EXISTS "grid_member_grid_id" ON "grid_member" ("grid_id");
CREATE TABLE IF NOT EXISTS "household_unit" ("id" VARCHAR(36) NOT NULL PRIMARY KEY, "owner_code" VARCHAR(12) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "row_version" INTEGER NOT NULL, "grid_id" VARCHAR(36) NOT NULL, "name" VARCHAR(255) NOT NULL, "head_name" VARCHAR(255) NOT NULL, "head_phone" VARCHAR(255) NOT NULL, "households" INTEGER NOT NULL, "notes" TEXT NOT NULL, FOREIGN KEY ("grid_id") REFERENCES "grid" ("id") ON DELETE CASCADE);
CREATE INDEX IF NOT EXISTS "household_unit_owner_code" ON "household_unit" ("owner_code");
CREATE INDEX IF NOT EXISTS "household_unit_updated_at" ON "household_unit" ("updated_at");
CREATE INDEX IF NOT EXISTS "household_unit_grid_id" ON "household_unit" ("grid_id");
CREATE TABLE IF NOT EXISTS "user" ("id" VARCHAR(36) NOT NULL PRIMARY KEY, "owner_code" VARCHAR(12) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "row_version" INTEGER NOT NULL, "username" VARCHAR(255) NOT NULL, "display_name" VARCHAR(255) NOT NULL, "role" VARCHAR(16) NOT NULL, "password_hash" VARCHAR(255) NOT NULL, "phone" VARCHAR(255) NOT NULL, "active" INTEGER NOT NULL, "failed_attempts" INTEGER NOT NULL, "locked_until" DATETIME, "last_login_at" DATETIME, "must_change_password" INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS "user_owner_code" ON "user" ("owner_code");
CREATE INDEX IF NOT EXISTS "user_updated_at" ON "user" ("updated_at");
CREATE UNIQUE INDEX IF NOT EXISTS "user_username" ON "user" ("username");
CREATE TABLE IF NOT EXISTS "case" ("id" VARCHAR(36) NOT NULL PRIMARY KEY, "owner_code" VARCHAR(12) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "row_version" INTEGER NOT NULL, "case_no" VARCHAR(255), "case_year" INTEGER, "case_seq" INTEGER, "status" VARCHAR(16) NOT NULL, "registered_on" DATE NOT NULL, "registered_by_id" VARCHAR(36), "accepted_on" DATE, "source" VARCHAR(16) NOT NULL, "source_detail" VARCHAR(255) NOT NULL, "reporter_name" VARCHAR(255) NOT NULL, "village_id" VARCHAR(36), "grid_id" VARCHAR(36), "category" VARCHAR(16) NOT NULL, "facts" TEXT NOT NULL, "claims" TEXT NOT NULL, "persons_involved" INTEGER NOT NULL, "amount" DECIMAL(14, 2) NOT NULL, "risk_level" VARCHAR(4) NOT NULL, "is_group" INTEGER NOT NULL, "prevent_criminal" INTEGER NOT NULL, "prevent_criminal_persons" INTEGER NOT NULL, "prevent_petition" INTEGER NOT NULL, "prevent_petition_persons" INTEGER NOT NULL, "prevent_suicide" INTEGER NOT NULL, "prevent_suicide_persons" INTEGER NOT NULL, "mediator_id" VARCHAR(36), "due_on" DATE, "overdue_reason" TEXT NOT NULL, "closed_on" DATE, "outcome" VARCHAR(255) NOT NULL, "rejection_reason" TEXT NOT NULL, "guided_to" VARCHAR(255) NOT NULL, "external_ref" VARCHAR(255), "instructions" TEXT NOT NULL, FOREIGN KEY ("registered_by_id") REFERENCES "user" ("id") ON DELETE SET NULL, FOREIGN KEY ("village_id") REFERENCES "village" ("id") ON DELETE SET NULL, FOREIGN KEY ("grid_id") REFERENCES "grid" ("id") ON DELETE SET NULL, FOREIGN KEY ("mediator_id") REFERENCES "user" ("id") ON DELETE SET NULL);
CREATE INDEX IF NOT EXISTS "case_owner_code" ON "case" ("owner_code");
CREATE INDEX IF NOT EXISTS "case_updated_at" ON "case" ("updated_at");
CREATE UNIQUE INDEX IF NOT EXISTS "case_case_no" ON "case" ("case_no");
CREATE INDEX IF NOT EXISTS "case_status" ON "case" ("status");
CREATE INDEX IF NOT EXISTS "case_registered_on" ON "case" ("registered_on");
CREATE INDEX IF NOT EXISTS "case_registered_by_id" ON "case" ("registered_by_id");
CREATE INDEX IF NOT EXISTS "case_accepted_on" ON "case" ("accepted_on");
CREATE INDEX IF NOT EXISTS "case_source" ON "case" ("source");
CREATE INDEX IF NOT EXISTS "case_village_id" ON "case" ("village_id");
CREATE INDEX IF NOT EXISTS "case_grid_id" ON "case" ("grid_id");
CREATE INDEX IF NOT EXISTS "case_category" ON "case" ("category");
CREATE INDEX IF NOT EXISTS "case_risk_level" ON "case" ("risk_level");
CREATE INDEX IF NOT EXISTS "case_mediator_id" ON "case" ("mediator_id");
CREATE INDEX IF NOT EXISTS "case_due_on" ON "case" ("due_on");
CREATE INDEX IF NOT EXISTS "case_closed_on" ON "case" ("closed_on");
CREATE INDEX IF NOT EXISTS "case_external_ref" ON "case" ("external_ref");
CREATE TABLE IF NOT EXISTS "party" ("id" VARCHAR(36) NOT NULL PRIMARY KEY, "owner_code" VARCHAR(12) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "row_version" INTEGER NOT NULL, "kind" VARCHAR(8) NOT NULL, "name" VARCHAR(255) NOT NULL, "name_pinyin" VARCHAR(255) NOT NULL, "name_initials" VARCHAR(255) NOT NULL, "sex" VARCHAR(2) NOT NULL, "ethnicity" VARCHAR(255) NOT NULL, "birth_date" DATE, "occupation" VARCHAR(255) NOT NULL, "address" VARCHAR(255) NOT NULL, "phone" VARCHAR(255) NOT NULL, "phone_tail" VARCHAR(4) NOT NULL, "id_number" VARCHAR(255) NOT NULL, "id_tail" VARCHAR(4) NOT NULL, "id_flag" VARCHAR(255) NOT NULL, "legal_rep" VARCHAR(255) NOT NULL, "contact" VARCHAR(255) NOT NULL);
CREATE INDEX IF NOT EXISTS "party_owner_code" ON "party" ("owner_code");
CREATE INDEX IF NOT EXISTS "party_updated_at" ON "party" ("updated_at");
CREATE INDEX IF NOT EXISTS "party_name" ON "party" ("name");
CREATE INDEX IF NOT EXISTS "party_name_pinyin" ON "party" ("name_pinyin");
CREATE INDEX IF NOT EXISTS "party_name_initials" ON "party" ("name_initials");
CREATE INDEX IF NOT EXISTS "party_phone_tail" ON "party" ("phone_tail");
CREATE INDEX IF NOT EXISTS "party_id_tail" ON "party" ("id_tail");
CREATE TABLE IF NOT EXISTS "case_party" ("id" VARCHAR(36) NOT NULL PRIMARY KEY, "owner_code" VARCHAR(12) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "row_version" INTEGER NOT NULL, "case_id" VARCHAR(36) NOT NULL, "party_id" VARCHAR(36) NOT NULL, "role" VARCHAR(8) NOT NULL, "position" INTEGER NOT NULL, "agent_name" VARCHAR(255) NOT NULL, "agent_phone" VARCHAR(255) NOT NULL, "agent_kind" VARCHAR(255) NOT NULL, FOREIGN KEY ("case_id") REFERENCES "case" ("id") ON DELETE CASCADE, FOREIGN KEY ("party_id") REFERENCES "party" ("id") ON DELETE CASCADE);
CREATE INDEX IF NOT EXISTS "case_party_owner_code" ON "case_party" ("owner_code");
CREATE INDEX IF NOT EXISTS "case_party_updated_at" ON "case_party" ("updated_at");
CREATE INDEX IF NOT EXISTS "case_party_case_id" ON "case_party" ("case_id");
CREATE INDEX IF NOT EXISTS "case_party_party_id" ON "case_party" ("party_id");
CREATE UNIQUE INDEX IF NOT EXISTS "case_party_case_id_party_id_role" ON "case_party" ("case_id", "party_id", "role");
CREATE TABLE IF NOT EXISTS "case_number_sequence" ("year" INTEGER NOT NULL PRIMARY KEY, "last_seq" INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS "case_event" ("id" VARCHAR(36) NOT NULL PRIMARY KEY, "owner_code" VARCHAR(12) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "row_version" INTEGER NOT NULL, "case_id" VARCHAR(36) NOT NULL, "at" DATETIME NOT NULL, "username" VARCHAR(255) NOT NULL, "action" VARCHAR(24) NOT NULL, "from_status" VARCHAR(16) NOT NULL, "to_status" VARCHAR(16) NOT NULL, "remark" TEXT NOT NULL, "details" TEXT NOT NULL, FOREIGN KEY ("case_id") REFERENCES "case" ("id") ON DELETE CASCADE);
CREATE INDEX IF NOT EXISTS "case_event_owner_code" ON "case_event" ("owner_code");
CREATE INDEX IF NOT EXISTS "case_event_updated_at" ON "case_event" ("updated_at");
CREATE INDEX IF NOT EXISTS "case_event_case_id" ON "case_event" ("case_id");
CREATE INDEX IF NOT EXISTS "case_event_at" ON "case_event" ("at");
CREATE TABLE IF NOT EXISTS "transfer" ("id" VARCHAR(36) NOT NULL PRIMARY KEY, "owner_code" VARCHAR(12) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "row_version" INTEGER NOT NULL, "case_id" VARCHAR(36) NOT NULL, "department" VARCHAR(255) NOT NULL, "sent_on" DATE NOT NULL, "feedback_due" DATE NOT NULL, "instructions" TEXT NOT NULL, "reply_on" DATE, "reply" TEXT NOT NULL, "replied_by" VARCHAR(255) NOT NULL, FOREIGN KEY ("case_id") REFERENCES "case" ("id") ON DELETE CASCADE);
CREATE INDEX IF NOT EXISTS "transfer_owner_code" ON "transfer" ("owner_code");
CREATE INDEX IF NOT EXISTS "transfer_updated_at" ON "transfer" ("updated_at");
CREATE INDEX IF NOT EXISTS "transfer_case_id" ON "transfer" ("case_id");
CREATE TABLE IF NOT EXISTS "mediation_session" ("id" VARCHAR(36) NOT NULL PRIMARY KEY, "owner_code" VARCHAR(12) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "row_version" INTEGER NOT NULL, "case_id" VARCHAR(36) NOT NULL, "held_at" DATETIME NOT NULL, "place" VARCHAR(255) NOT NULL, "matter" VARCHAR(255) NOT NULL, "host_id" VARCHAR(36), "other_mediators" VARCHAR(255) NOT NULL, "recorder_id" VARCHAR(36), "participants" TEXT NOT NULL, "rights_notified" INTEGER NOT NULL, "statements" TEXT NOT NULL, "facts_verified" TEXT NOT NULL, "result" VARCHAR(10) NOT NULL, "result_reason" TEXT NOT NULL, FOREIGN KEY ("case_id") REFERENCES "case" ("id") ON DELETE CASCADE, FOREIGN KEY ("host_id") REFERENCES "user" ("id") ON DELETE SET NULL, FOREIGN KEY ("recorder_id") REFERENCES "user" ("id") ON DELETE SET NULL);
CREATE INDEX IF NOT EXISTS "mediation_session_owner_code" ON "mediation_session" ("owner_code");
CREATE INDEX IF NOT EXISTS "mediation_session_updated_at" ON "mediation_session" ("updated_at");
CREATE INDEX IF NOT EXISTS "mediation_session_case_id" ON "mediation_session" ("case_id");
CREATE INDEX IF NOT EXISTS "mediation_session_host_id" ON "mediation_session" ("host_id");
CREATE INDEX IF NOT EXISTS "mediation_session_recorder_id" ON "mediation_session" ("recorder_id");
CREATE TABLE IF NOT EXISTS "agreement" ("id" VARCHAR(36) NOT NULL PRIMARY KEY, "owner_code" VARCHAR(12) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "row_version" INTEGER NOT NULL, "case_id" VARCHAR(36) NOT NULL, "kind" VARCHAR(8) NOT NULL, "number" VARCHAR(255) NOT NULL, "version" INTEGER NOT NULL, "previous_id" VARCHAR(36), "correction_reason" TEXT NOT NULL, "status" VARCHAR(12) NOT NULL, "facts" TEXT NOT NULL, "clauses" TEXT NOT NULL, "performance" TEXT NOT NULL, "perform_by" DATE, "amount" DECIMAL(14, 2) NOT NULL, "copies" INTEGER NOT NULL, "signed_on" DATE, "frozen_at" DATETIME, "content_hash" VARCHAR(255) NOT NULL, "mediator_name" VARCHAR(255) NOT NULL, "recorder_name" VARCHAR(255) NOT NULL, FOREIGN KEY ("case_id") REFERENCES "case" ("id") ON DELETE CASCADE, FOREIGN KEY ("previous_id") REFERENCES "agreement" ("id") ON DELETE SET NULL);
CREATE INDEX IF NOT EXISTS "agreement_owner_code" ON "agreement" ("owner_code");
CREATE INDEX IF NOT EXISTS "agreement_updated_at" ON "agreement" ("updated_at");
CREATE INDEX IF NOT EXISTS "agreement_case_id" ON "agreement" ("case_id");
CREATE INDEX IF NOT EXISTS "agreement_previous_id" ON "agreement" ("previous_id");
CREATE TABLE IF NOT EXISTS "attachment" ("id" VARCHAR(36) NOT NULL PRIMARY KEY, "owner_code" VARCHAR(12) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "row_version" INTEGER NOT NULL, "case_id" VARCHAR(36) NOT NULL, "agreement_id" VARCHAR(36), "kind" VARCHAR(255) NOT NULL, "title" VARCHAR(255) NOT NULL, "filename" VARCHAR(255) NOT NULL, "sha256" VARCHAR(64) NOT NULL, "size" INTEGER NOT NULL, "mime" VARCHAR(255) NOT NULL, "added_by" VARCHAR(255) NOT NULL, FOREIGN KEY ("case_id") REFERENCES "case" ("id") ON DELETE CASCADE, FOREIGN KEY ("agreement_id") REFERENCES "agreement" ("id") ON DELETE SET NULL);
CREATE INDEX IF NOT EXISTS "attachment_owner_code" ON "attachment" ("owner_code");
CREATE INDEX IF NOT EXISTS "attachment_updated_at" ON "attachment" ("updated_at");
CREATE INDEX IF NOT EXISTS "attachment_case_id" ON "attachment" ("case_id");
CREATE INDEX IF NOT EXISTS "attachment_agreement_id" ON "attachment" ("agreement_id");
CREATE INDEX IF NOT EXISTS "attachment_sha256" ON "attachment" ("sha256");
CREATE TABLE IF NOT EXISTS "follow_up" ("id" VARCHAR(36) NOT NULL PRIMARY KEY, "owner_code" VARCHAR(12) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "row_version" INTEGER NOT NULL, "case_id" VARCHAR(36) NOT NULL, "agreement_id" VARCHAR(36), "visited_on" DATE NOT NULL, "method" VARCHAR(255) NOT NULL, "reason" VARCHAR(255) NOT NULL, "performed" INTEGER NOT NULL, "satisfaction" VARCHAR(255) NOT NULL, "lawsuit" INTEGER NOT NULL, "escalation_signs" TEXT NOT NULL, "measures" TEXT NOT NULL, "notes" TEXT NOT NULL, "visitor" VARCHAR(255) NOT NULL, FOREIGN KEY ("case_id") REFERENCES "case" ("id") ON DELETE CASCADE, FOREIGN KEY ("agreement_id") REFERENCES "agreement" ("id") ON DELETE SET NULL);
CREATE INDEX IF NOT EXISTS "follow_up_owner_code" ON "follow_up" ("owner_code");
CREATE INDEX IF NOT EXISTS "follow_up_updated_at" ON "follow_up" ("updated_at");
CREATE INDEX IF NOT EXISTS "follow_up_case_id" ON "follow_up" ("case_id");
CREATE INDEX IF NOT EXISTS "follow_up_agreement_id" ON "follow_up" ("agreement_id");
CREATE TABLE IF NOT EXISTS "judicial_confirmation" ("id" VARCHAR(36) NOT NULL PRIMARY KEY, "owner_code" VARCHAR(12) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "row_version" INTEGER NOT NULL, "case_id" VARCHAR(36) NOT NULL, "agreement_id" VARCHAR(36), "applied_on" DATE NOT NULL, "court" VARCHAR(255) NOT NULL, "result" VARCHAR(255) NOT NULL, "result_on" DATE, FOREIGN KEY ("case_id") REFERENCES "case" ("id") ON DELETE CASCADE, FOREIGN KEY ("agreement_id") REFERENCES "agreement" ("id") ON DELETE SET NULL);
CREATE INDEX IF NOT EXISTS "judicial_confirmation_owner_code" ON "judicial_confirmation" ("owner_code");
CREATE INDEX IF NOT EXISTS "judicial_confirmation_updated_at" ON "judicial_confirmation" ("updated_at");
CREATE INDEX IF NOT EXISTS "judicial_confirmation_case_id" ON "judicial_confirmation" ("case_id");
CREATE INDEX IF NOT EXISTS "judicial_confirmation_agreement_id" ON "judicial_confirmation" ("agreement_id");
CREATE TABLE IF NOT EXISTS "grid_event" ("id" VARCHAR(36) NOT NULL PRIMARY KEY, "owner_code" VARCHAR(12) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "row_version" INTEGER NOT NULL, "grid_id" VARCHAR(36) NOT NULL, "reported_on" DATE NOT NULL, "reporter_name" VARCHAR(255) NOT NULL, "reporter_role" VARCHAR(255) NOT NULL, "event_type" VARCHAR(255) NOT NULL, "description" TEXT NOT NULL, "risk_level" VARCHAR(4) NOT NULL, "status" VARCHAR(12) NOT NULL, "handled_on" DATE, "result" TEXT NOT NULL, "case_id" VARCHAR(36), "case_outcome" TEXT NOT NULL, "external_ref" VARCHAR(255), FOREIGN KEY ("grid_id") REFERENCES "grid" ("id") ON DELETE CASCADE, FOREIGN KEY ("case_id") REFERENCES "case" ("id") ON DELETE SET NULL);
CREATE INDEX IF NOT EXISTS "grid_event_owner_code" ON "grid_event" ("owner_code");
CREATE INDEX IF NOT EXISTS "grid_event_updated_at" ON "grid_event" ("updated_at");
CREATE INDEX IF NOT EXISTS "grid_event_grid_id" ON "grid_event" ("grid_id");
CREATE INDEX IF NOT EXISTS "grid_event_reported_on" ON "grid_event" ("reported_on");
CREATE INDEX IF NOT EXISTS "grid_event_case_id" ON "grid_event" ("case_id");
CREATE INDEX IF NOT EXISTS "grid_event_external_ref" ON "grid_event" ("external_ref");
CREATE TABLE IF NOT EXISTS "grid_visit" ("id" VARCHAR(36) NOT NULL PRIMARY KEY, "owner_code" VARCHAR(12) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "row_version" INTEGER NOT NULL, "grid_id" VARCHAR(36) NOT NULL, "worker_name" VARCHAR(255) NOT NULL, "visited_on" DATE NOT NULL, "kind" VARCHAR(255) NOT NULL, "households" INTEGER NOT NULL, "notes" TEXT NOT NULL, FOREIGN KEY ("grid_id") REFERENCES "grid" ("id") ON DELETE CASCADE);
CREATE INDEX IF NOT EXISTS "grid_visit_owner_code" ON "grid_visit" ("owner_code");
CREATE INDEX IF NOT EXISTS "grid_visit_updated_at" ON "grid_visit" ("updated_at");
CREATE INDEX IF NOT EXISTS "grid_visit_grid_id" ON "grid_visit" ("grid_id");
CREATE INDEX IF NOT EXISTS "grid_visit_visited_on" ON "grid_visit" ("visited_on");
CREATE TABLE IF NOT EXISTS "grid_meeting" ("id" VARCHAR(36) NOT NULL PRIMARY KEY, "owner_code" VARCHAR(12) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "row_version" INTEGER NOT NULL, "grid_id" VARCHAR(36), "held_on" DATE NOT NULL, "attendees" TEXT NOT NULL, "risks" TEXT NOT NULL, "decisions" TEXT NOT NULL, FOREIGN KEY ("grid_id") REFERENCES "grid" ("id") ON DELETE SET NULL);
CREATE INDEX IF NOT EXISTS "grid_meeting_owner_code" ON "grid_meeting" ("owner_code");
CREATE INDEX IF NOT EXISTS "grid_meeting_updated_at" ON "grid_meeting" ("updated_at");
CREATE INDEX IF NOT EXISTS "grid_meeting_grid_id" ON "grid_meeting" ("grid_id");
CREATE INDEX IF NOT EXISTS "grid_meeting_held_on" ON "grid_meeting" ("held_on");
CREATE TABLE IF NOT EXISTS "audit_event" ("seq" INTEGER NOT NULL PRIMARY KEY, "at" DATETIME NOT NULL, "username" VARCHAR(255) NOT NULL, "action" VARCHAR(255) NOT NULL, "object_type" VARCHAR(255) NOT NULL, "object_id" VARCHAR(255) NOT NULL, "outcome" VARCHAR(255) NOT NULL, "detail" TEXT NOT NULL, "prev_hash" VARCHAR(64) NOT NULL, "hash" VARCHAR(64) NOT NULL);
CREATE INDEX IF NOT EXISTS "audit_event_at" ON "audit_event" ("at");
CREATE INDEX IF NOT EXISTS "audit_event_action" ON "audit_event" ("action");
CREATE TABLE IF NOT EXISTS "schema_migration" ("number" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, "app_version" VARCHAR(255) NOT NULL, "applied_at" DATETIME NOT NULL);
"""


def apply(db: pw.Database) -> None:
    # Every statement is CREATE ... IF NOT EXISTS, so re-running after an interruption is safe.
    for statement in STATEMENTS.split(";\n"):
        if statement.strip():
            db.execute_sql(statement)


def apply_postgres(db: pw.Database) -> None:
    """On a server database the frozen SQLite text does not apply (DATETIME, 0/1 booleans): the
    tables of this first schema are made from the models, whose types peewee maps for PostgreSQL."""
    from zhongxin_desktop.store import models
    from zhongxin_desktop.store.engine import create_model_tables

    later = {models.Tombstone, models.Referral, models.TrustedKey, models.ExchangeAck, models.ExchangeLog,
             models.StatSnapshot, models.AuditHead, models.CaseSearch, models.CaseSearchDirty,
             models.MediationCommittee, models.Mediator, models.PersonKey, models.PersonSpread}
    create_model_tables(db, [m for m in models.ALL_MODELS if m not in later])
