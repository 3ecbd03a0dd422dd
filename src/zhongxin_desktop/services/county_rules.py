"""Rules a county publishes for its townships (categories, sources, deadlines, the report day):
published at the county, carried signed in its next reply to each township, applied there.

A township applies a version once, in the same transaction as the rest of the county's reply,
with an audit entry and the list of what changed; an older or equal version (a replayed reply)
changes nothing, so a newer rule is never rolled back.
"""
from __future__ import annotations

import json

import peewee as pw

from zhongxin_desktop.domain import county_rules
from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.exchange import rules_doc
from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.services import audit, settings
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.services.center import local_center
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import Case, CountyRule, TrustedKey, utcnow

SETTING_KEYS = ("categories", "sources", "due_days_by_category", "due_days_default", "report_due_day")


def latest(county_code: str | None = None) -> CountyRule | None:
    q = CountyRule.select()
    if county_code:
        q = q.where(CountyRule.county_code == county_code)
    return q.order_by(CountyRule.version.desc()).first()


def _rules_of(row: CountyRule | None) -> dict:
    return json.loads(row.document)["rules"] if row else {}


def compose(given: dict, before: dict) -> dict:
    """The whole next version: the one before with what was given replaced. Deadlines of
    categories the new list drops go with them."""
    rules = {**before, **given}
    if "categories" in given and "deadlines" not in given:
        rules["deadlines"] = {c: d for c, d in before.get("deadlines", {}).items() if c in given["categories"]}
        if not rules["deadlines"]:
            rules.pop("deadlines")
    return county_rules.check(rules)


def publish(actor: Actor, data: DataDir, given: dict) -> dict:
    """County: a new version of its rules (validated whole, signed); goes down in every later
    reply. Returns {"version", "rules", "changes"}."""
    from zhongxin_desktop.services.exchange import keypair

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
                             published_at=utcnow().isoformat(sep=" "), rules=rules, keys=keypair(data))
        changes = _describe(_rules_of(before), rules)
        CountyRule.create(county_code=local.code, version=version, document=json.dumps(doc, ensure_ascii=False),
                          recorded_by=actor.username, changes=json.dumps(changes, ensure_ascii=False))
        audit.record(actor.username, "rules_publish", "rules", str(version), detail={"version": version,
                                                                                      "changed": changes})
    return {"version": version, "rules": rules, "changes": changes}


def _describe(before: dict, rules: dict) -> list[str]:
    """At the county: what a version changes for a township that kept the default settings, so
    the list says what the townships will see (a default a township keeps as its own is not
    "no longer used" unless the county forbids additions)."""
    defaults = {k: settings.OPTIONS[k].default for k in SETTING_KEYS}
    current = {**defaults, **county_rules.merged_settings(defaults, {}, before)}
    return county_rules.describe_changes(current, county_rules.merged_settings(current, before, rules))


def current_doc(county_code: str) -> dict | None:
    """The newest signed document of ``county_code`` (the county's own, or one applied here)."""
    row = latest(county_code)
    return json.loads(row.document) if row else None


def versions(actor: Actor) -> list[dict]:
    """Every version published (county) or applied (township), newest first."""
    actor.require(Perm.VIEW)
    out = []
    for r in CountyRule.select().order_by(CountyRule.version.desc()):
        doc = json.loads(r.document)
        out.append({"county_code": r.county_code, "county_name": doc.get("county_name", ""), "version": r.version,
                    "published_at": doc.get("published_at", ""), "recorded_at": r.recorded_at,
                    "recorded_by": r.recorded_by, "rules": doc["rules"], "changes": json.loads(r.changes)})
    return out


def in_force(actor: Actor) -> dict:
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
    return dict(Case.select(Case.category, pw.fn.COUNT(Case.id)).where(Case.owner_code == owner)
                .group_by(Case.category).tuples())


def apply_published(doc, sender: str, local_code: str, username: str) -> dict:
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


def check_local_list(key: str, value: list[str]) -> None:
    """A township changing its own categories or sources keeps what its county requires, and
    adds none where the county forbids it."""
    from zhongxin_desktop.domain.errors import FieldError, ValidationError

    if key not in county_rules.VOCABULARIES or local_center().kind != "township":
        return
    rules = _rules_of(latest())
    if key not in rules:
        return
    label = county_rules.VOCABULARIES[key]
    missing = [c for c in rules[key] if c not in value]
    if missing:
        raise ValidationError(FieldError(label, f"县级规定的{label}不能删除：{'、'.join(missing)}"))
    extra = [c for c in value if c not in rules[key]]
    if key in rules.get("forbid_local", []) and extra:
        raise ValidationError(FieldError(label, f"县级规定不得自行增加{label}：{'、'.join(extra)}"))
