"""Rules a county publishes for its townships (categories, sources, deadlines, the report day):
published at the county, carried signed in its next reply to each township, applied there.

A township applies a version once, in the same transaction as the rest of the county's reply,
with an audit entry and the list of what changed; an older or equal version (a replayed reply)
changes nothing, so a newer rule is never rolled back.
"""
from __future__ import annotations

from typing import Any

import json

import peewee as pw

from zhongxin_desktop.domain import county_rules, row_labels
from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.exchange import conflicts, keys, rules_doc
from zhongxin_desktop.exchange.container import BundleRefused
from zhongxin_desktop.exchange.summary import ImportSummary
from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.services import audit, settings
from zhongxin_desktop.services.actor import Actor, unattended
from zhongxin_desktop.services.center import local_center
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import Case, CountyRule, TrustedKey, utcnow

SETTING_KEYS = ("categories", "sources", "due_days_by_category", "due_days_default", "report_due_day")


latest = rules_doc.latest
_rules_of = rules_doc.rules_of


@unattended("a rule over its arguments: reads no data")
def compose(given: dict[str, Any], before: dict[str, Any]) -> dict[str, Any]:
    """The whole next version: the one before with what was given replaced. Deadlines of
    categories the new list drops go with them."""
    rules = {**before, **given}
    if "categories" in given and "deadlines" not in given:
        rules["deadlines"] = {c: d for c, d in before.get("deadlines", {}).items() if c in given["categories"]}
        if not rules["deadlines"]:
            rules.pop("deadlines")
    return county_rules.check(rules)


def publish(actor: Actor, data: DataDir, given: dict[str, Any]) -> dict[str, Any]:
    """County: a new version of its rules (validated whole, signed); goes down in every later
    reply. Returns {"version", "rules", "changes"}."""
    actor.require(Perm.SETTINGS, "rules")
    local = local_center()
    if local.kind != "county":
        raise DomainError("规则由县级中心发布；乡镇收到县级回执后自动应用")
    given = county_rules.check(given)
    with database.atomic():
        before = latest(local.code)
        rules = compose(given, _rules_of(before))
        version = (before.version if before else 0) + 1
        doc = rules_doc.sign(county=local.code, county_name=local.name, version=version,
                             published_at=utcnow().isoformat(sep=" "), rules=rules,
                             keys=keys.load_or_create(data.keys))
        changes = _describe(_rules_of(before), rules)
        CountyRule.create(county_code=local.code, version=version, document=json.dumps(doc, ensure_ascii=False),
                          recorded_by=actor.username, changes=json.dumps(changes, ensure_ascii=False))
        audit.record(actor.username, "rules_publish", "rules", str(version), detail={"version": version,
                                                                                      "changed": changes})
    return {"version": version, "rules": rules, "changes": changes}


def _describe(before: dict[str, Any], rules: dict[str, Any]) -> list[str]:
    """At the county: what a version changes for a township that kept the default settings, so
    the list says what the townships will see (a default a township keeps as its own is not
    "no longer used" unless the county forbids additions)."""
    defaults = {k: settings.OPTIONS[k].default for k in SETTING_KEYS}
    current = {**defaults, **county_rules.merged_settings(defaults, {}, before)}
    return county_rules.describe_changes(current, county_rules.merged_settings(current, before, rules))


@unattended("a step of a publish, a bundle export or an import whose caller has checked the actor")
def current_doc(county_code: str) -> dict[str, Any] | None:
    """The newest signed document of ``county_code`` (the county's own, or one applied here)."""
    row = latest(county_code)
    return json.loads(row.document) if row else None


def versions(actor: Actor) -> list[dict[str, Any]]:
    """Every version published (county) or applied (township), newest first."""
    actor.require(Perm.VIEW)
    out = []
    for r in CountyRule.select().order_by(CountyRule.version.desc()):
        doc = json.loads(r.document)
        out.append({"county_code": r.county_code, "county_name": doc.get("county_name", ""), "version": r.version,
                    "published_at": doc.get("published_at", ""), "recorded_at": r.recorded_at,
                    "recorded_by": r.recorded_by, "rules": doc["rules"], "changes": json.loads(r.changes)})
    return out


def in_force(actor: Actor) -> dict[str, Any]:
    """What the 县级规则 page shows: the settings now in force, which items the county requires,
    and the versions."""
    actor.require(Perm.VIEW)
    local = local_center()
    row = latest(None if local.kind == "township" else local.code)
    rules = _rules_of(row)
    current = dict(zip(SETTING_KEYS, settings.get_many(*SETTING_KEYS)))
    if local.kind == "county":  # the county's own settings are not what it requires
        current.update({k: rules[k] for k in ("categories", "sources", "due_days_default", "report_due_day")
                        if k in rules})
        current["due_days_by_category"] = county_rules.days_by_category(rules)
    return {"kind": local.kind, "version": row.version if row else 0, "rules": rules, "current": current,
            "versions": versions(actor)}


def _in_use(owner: str) -> dict[str, int]:
    pairs: Any = (Case.select(Case.category, pw.fn.COUNT(Case.id)).where(Case.owner_code == owner)
                  .group_by(Case.category).tuples())  # (category, count): the stubs type tuples() as models
    return dict(pairs)


@unattended("a step of a bundle import whose caller has checked the actor")
def apply_published(doc: Any, sender: str, local_code: str, username: str) -> dict[str, Any]:
    """Township, inside the import's transaction: apply the county's signed rules unless a newer
    or equal version is already applied. Returns {"version", "status", "changes"}; raises
    ``rules_doc.RulesRefused`` (the whole reply is then refused, nothing applied)."""
    key = TrustedKey.get_or_none(TrustedKey.code == sender)
    if key is None:
        raise rules_doc.RulesRefused("发送方不是已信任的县级中心，未应用任何规则")
    rules = rules_doc.verify(doc, sender, bytes.fromhex(key.sign_public))
    version = doc["version"]
    before = latest(sender)
    if before is not None and before.version >= version:
        return {"version": version, "status": "older" if before.version > version else "same", "changes": [],
                "in_force": before.version}
    current = dict(zip(SETTING_KEYS, settings.get_many(*SETTING_KEYS)))
    after = county_rules.merged_settings(current, _rules_of(before), rules)
    changes = county_rules.describe_changes(current, after, _in_use(local_code))
    for k, value in after.items():
        settings.put(k, value)
    CountyRule.create(county_code=sender, version=version, document=json.dumps(doc, ensure_ascii=False),
                      recorded_by=username, changes=json.dumps(changes, ensure_ascii=False))
    audit.record(username, "rules_apply", "rules", str(version),
                 detail={"county": doc.get("county_name", sender), "version": version, "changed": changes})
    return {"version": version, "status": "applied", "changes": changes}


@unattended("a step of a bundle export whose caller has checked the actor")
def reply_extra(local_code: str, township: str, pair: keys.KeyPair) -> dict[str, Any]:
    """What the county's reply to ``township`` carries in its receipt besides the held state:
    the decisions on conflicts still to reach it, and the newest rules. The rules are signed
    again with today's key: after a key rotation the townships trust only the new one, and the
    same version must still verify there."""
    out: dict[str, Any] = {}
    decisions = conflicts.pending_for(township)
    if decisions:
        out["decisions"] = decisions
    doc = current_doc(local_code)
    if doc is not None:
        out["rules"] = rules_doc.sign(county=doc["county"], county_name=doc["county_name"], version=doc["version"],
                                      published_at=doc["published_at"], rules=doc["rules"], keys=pair)
    return out


@unattended("a step of a bundle import whose caller has checked the actor")
def apply_reply(receipt: dict[str, Any], sender: str, local_code: str, username: str, summary: ImportSummary) -> None:
    """At the township, inside the import's transaction: the county's rules, then its conflict
    decisions. Rules that fail their check refuse the whole reply: nothing of it is applied."""
    if "rules" in receipt:
        try:
            summary.rules = apply_published(receipt["rules"], sender, local_code, username)
        except rules_doc.RulesRefused as exc:
            raise BundleRefused(str(exc)) from None
    for d in conflicts.apply_decisions(receipt.get("decisions"), local_code, summary):
        audit.record(username, "conflict_apply", "conflict", d["row_id"],
                     detail={"type": row_labels.table_label(d["table"]), "version": d["version"],
                             "keep": "乡镇版本" if d["keep"] == "township" else "县级版本", "reason": d["reason"]})
