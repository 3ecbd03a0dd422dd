"""What a county's reply carries down besides referrals, inside its signed receipt: the
decisions on conflicts still to reach the township, and the county's newest published rules."""
from __future__ import annotations

from zhongxin_desktop.exchange import conflicts, rules_doc
from zhongxin_desktop.exchange.container import BundleRefused
from zhongxin_desktop.exchange.keys import KeyPair
from zhongxin_desktop.exchange.rules_doc import RulesRefused
from zhongxin_desktop.exchange.summary import ImportSummary


def outgoing(local_code: str, township: str, keys: KeyPair) -> dict:
    """The receipt's extra entries for ``township`` (nothing when there is nothing to say). The
    rules are signed again with today's key: after a key rotation the townships trust only the
    new one, and the same version must still verify there."""
    from zhongxin_desktop.services import county_rules

    out: dict = {}
    decisions = conflicts.pending_for(township)
    if decisions:
        out["decisions"] = decisions
    doc = county_rules.current_doc(local_code)
    if doc is not None:
        out["rules"] = rules_doc.sign(county=doc["county"], county_name=doc["county_name"], version=doc["version"],
                                      published_at=doc["published_at"], rules=doc["rules"], keys=keys)
    return out


def apply(receipt: dict, sender: str, local_code: str, username: str, summary: ImportSummary) -> None:
    """At the township, inside the import's transaction. Rules that fail their check refuse the
    whole reply: nothing of it is applied."""
    from zhongxin_desktop.services import county_rules

    if "rules" in receipt:
        try:
            summary.rules = county_rules.apply_published(receipt["rules"], sender, local_code, username)
        except RulesRefused as exc:
            raise BundleRefused(str(exc)) from None
    conflicts.apply_decisions(receipt.get("decisions"), local_code, username, summary)
