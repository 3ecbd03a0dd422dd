"""What a sender may say about whose rows, beyond ``owner_code`` = sender (checked in apply).

A signed bundle proves who sent it, not that what it says is theirs. Before anything is
applied, the rows that would reach into another center's data are taken out of the payload and
reported (the rest applies):
- a township's own Center row keeps its kind (township), its code (the sender's) and its
  parent (this county): a township cannot make itself a county or move to another county;
- a tombstone names a row of the sender and nothing else: never a row another center owns
  (in any table), never a Center row, never another tombstone;
- a case may point at a county referral (``external_ref``) only when the referral was
  addressed to the sender;
- at a township, a referral addressed to another township is not stored (its parties' ID
  numbers and phones are not this township's business).
Text the rest of the program could not carry (control characters such as NUL or ESC, broken
UTF-16 halves) is refused the same way: a township's own forms refuse it, so only a damaged or
forged program sends it, and one such row must not break the county's ledger for everyone.
Parent rows (a party link, an event, a session on a case) must belong to the sender too: that
is checked with the parents, in ``apply._check_parents``.
"""
from __future__ import annotations

from zhongxin_desktop.domain.text_rules import has_bad_character
from zhongxin_desktop.exchange import records
from zhongxin_desktop.exchange.summary import ImportSummary
from zhongxin_desktop.exchange.local_center import LocalCenter
from zhongxin_desktop.store.models import Referral


def _drop(payload: dict[str, list[records.ExchangeRow]], table: str, bad: set[str], kind: str,
          summary: ImportSummary) -> None:
    if not bad:
        return
    for rid in sorted(bad):
        summary.problem(kind, table, rid)
        summary.count(table).ignored += 1
    payload[table] = [r for r in payload[table] if r["id"] not in bad]


def _centers(rows: list[records.ExchangeRow], sender: str, local: LocalCenter) -> set[str]:
    # a row naming another code is not the sender's at all: apply reports it as not_owner
    return {r["id"] for r in rows if r.get("owner_code") == sender and r.get("code") == sender
            and (r.get("kind") != "township" or r.get("parent_code") != local.code)}


def _tombstones(rows: list[records.ExchangeRow], sender: str) -> tuple[set[str], set[str]]:
    """(tombstones naming what no tombstone may delete, tombstones naming another center's row)."""
    mine = [r for r in rows if r.get("owner_code") == sender]
    bad = {r["id"] for r in mine if r.get("table_name") not in records.BY_TABLE
           or r.get("table_name") in ("center", "tombstone")}
    ids = [r["id"] for r in mine if r["id"] not in bad]
    foreign: set[str] = set()
    if ids:
        for table, model in records.BY_TABLE.items():
            if table == "tombstone":
                continue
            foreign.update(rid for rid, owner in records.rows_by_key(model, (model.id, model.owner_code), model.id, ids)
                           if owner != sender)
    return bad, foreign


def _claimed_referrals(rows: list[records.ExchangeRow], sender: str) -> set[str]:
    refs = {r["external_ref"] for r in rows if r.get("owner_code") == sender and r.get("external_ref")}
    if not refs:
        return set()
    others = {rid for rid, township in records.rows_by_key(Referral, (Referral.id, Referral.township_code),
                                                            Referral.id, sorted(refs)) if township != sender}
    return {r["id"] for r in rows if r.get("external_ref") in others}


def _bad_text(rows: list[records.ExchangeRow]) -> set[str]:
    return {r["id"] for r in rows
            if any(isinstance(v, str) and has_bad_character(v, multiline=True) for v in r.values())}


def screen(payload: dict[str, list[records.ExchangeRow]], sender: str, local: LocalCenter,
           summary: ImportSummary) -> None:
    """Take out of ``payload`` (in place) and report every row that reaches into another
    center's data, or carries text no later step can carry; see the module docstring."""
    for table in list(payload):
        _drop(payload, table, _bad_text(payload[table]), "bad_text", summary)
    if "center" in payload:
        _drop(payload, "center", _centers(payload["center"], sender, local), "center_change", summary)
    if "tombstone" in payload:
        bad, foreign = _tombstones(payload["tombstone"], sender)
        _drop(payload, "tombstone", bad, "tombstone_refused", summary)
        _drop(payload, "tombstone", foreign, "tombstone_foreign", summary)
    if "case" in payload and local.kind == "county":
        _drop(payload, "case", _claimed_referrals(payload["case"], sender), "referral_not_yours", summary)
    if "referral" in payload and local.kind == "township":
        _drop(payload, "referral", {r["id"] for r in payload["referral"] if r.get("township_code") != local.code},
              "referral_elsewhere", summary)
