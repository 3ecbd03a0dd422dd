"""People who dispute again and again — a risk signal (民转刑, 越级上访).

- ``across_townships`` (county): parties who appear in the cases of two or more townships, matched
  by the same ID number, or by the same name with the same phone (exchange/person_index keeps
  the keys as bundles come in). Parties sharing a key are one person; so are two keys sharing a
  party (the same ID number in one township, the same name and phone in a third).
- ``within_center``: parties in two or more cases of one center (the township's dashboard).

Each person comes with every case: township, case number, status, registration date and role.
ID numbers and phones are masked unless the user may see them and asks (audited).
"""
from __future__ import annotations

from typing import Any

from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.domain.masking import mask_id, mask_phone
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.domain.workflow import Status
from zhongxin_desktop.exchange import person_index, records
from zhongxin_desktop.services import audit
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.services.center import local_center
from zhongxin_desktop.store.models import Case, CaseParty, Center, Party, PersonKey, PersonSpread

SAME_ID, SAME_NAME_PHONE = "身份证号相同", "姓名和电话相同"


def may_reveal(actor: Actor, reveal: bool, what: str) -> bool:
    """True when the actor asked to see full numbers of a list and may; the reveal is audited."""
    if not reveal:
        return False
    actor.require(Perm.REVEAL, what)
    audit.record(actor.username, "reveal", what, "")
    return True


class _Groups:
    """Union-find over party ids: parties sharing a match key are one person."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def _people(by_key: dict[str, list[str]], min_townships: int, min_cases: int, reveal: bool) -> list[dict[str, Any]]:
    groups = _Groups()
    for sharing in by_key.values():
        for p in sharing:
            groups.find(p)
        for a, b in zip(sharing, sharing[1:]):
            groups.join(a, b)
    party_ids = list(groups.parent)
    parties: dict[str, tuple[str, str, str]] = {}  # id: (name, phone, id number), sealed ones opened
    links: dict[str, list[tuple[Any, ...]]] = {}
    for chunk in records.chunks(party_ids):
        named: Any = Party.select(Party.id, Party.name, Party.phone, Party.id_number).where(
            Party.id.in_(chunk)).tuples()  # the stubs type tuples() as models
        for pid, name, phone, number in named:
            parties[pid] = (name, phone, number)
        q: Any = (CaseParty.select(CaseParty.party, CaseParty.role, Case.id, Case.case_no, Case.status,
                              Case.registered_on, Case.owner_code)
             .join(Case).where(CaseParty.party.in_(chunk)).tuples())
        for party_id, role, case_id, case_no, status, registered_on, owner in q:
            links.setdefault(party_id, []).append((role, case_id, case_no, status, registered_on, owner))
    id_keyed = {p for k, ps in by_key.items() if k.startswith(person_index.ID_PREFIX) for p in ps}
    members: dict[str, list[str]] = {}
    for p in party_ids:
        members.setdefault(groups.find(p), []).append(p)
    names = {c.code: c.name for c in Center.select(Center.code, Center.name)}
    out: list[dict[str, Any]] = []
    for ids in members.values():
        cases: list[dict[str, Any]] = []
        seen: set[str] = set()
        for p in ids:
            for role, case_id, case_no, status, registered_on, owner in links.get(p, []):
                if case_id in seen:
                    continue
                seen.add(case_id)
                cases.append({"township_code": owner, "township": names.get(owner, owner), "case_id": case_id,
                              "case_no": case_no or "", "status": status, "status_label": Status(status).label,
                              "registered_on": registered_on, "role": role, "name": parties[p][0]})
        towns = sorted({c["township_code"] for c in cases})
        if len(towns) < min_townships or len(cases) < min_cases:
            continue  # a spread counted before a deletion, or parties no longer in any case
        cases.sort(key=lambda c: (c["registered_on"], c["township_code"], c["case_no"]))
        number = next((parties[p][2] for p in ids if parties[p][2]), "")
        tel = next((parties[p][1] for p in ids if parties[p][1]), "")
        out.append({"name": "／".join(dict.fromkeys(c["name"] for c in cases)) or parties[ids[0]][0],
                    "id_number": number if reveal else mask_id(number),
                    "phone": tel if reveal else mask_phone(tel),
                    "reason": SAME_ID if any(p in id_keyed for p in ids) else SAME_NAME_PHONE,
                    "townships": [{"code": t, "name": names.get(t, t)} for t in towns],
                    "cases": cases, "last_registered": cases[-1]["registered_on"] if cases else None})
    out.sort(key=lambda d: (-len(d["townships"]), -len(d["cases"]), d["name"]))
    return out


def across_townships(actor: Actor, *, reveal: bool = False) -> list[dict[str, Any]]:
    """County: every person in the cases of two or more of its townships."""
    actor.require(Perm.VIEW)
    if local_center().kind != "county":
        raise DomainError("跨乡镇当事人只在县级中心可查（本中心的重复当事人见“工作台”）")
    reveal = may_reveal(actor, reveal, "county_duplicates")
    person_index.ensure_built()
    by_key: dict[str, list[str]] = {}
    keyed: Any = (PersonKey.select(PersonKey.key, PersonKey.party).join(PersonSpread, on=(PersonSpread.key == PersonKey.key))
         .where(PersonSpread.townships >= 2).tuples())
    for key, party_id in keyed:
        by_key.setdefault(key, []).append(party_id)
    return _people(by_key, 2, 2, reveal)


def within_center(actor: Actor, *, owner_code: str | None = None, reveal: bool = False, limit: int = 50
                  ) -> list[dict[str, Any]]:
    """Parties in two or more cases of one center (this one, or at the county one township).

    Every link of a party to a case has a Party row of its own (store/case_parties writes them), so
    a person in two cases has two rows with the same ID number, or the same name and phone: each
    grouping is one read of the index in that order (migration 16) instead of a join and a sort
    of every party. ``_people`` then counts the cases themselves and drops a key whose rows share
    one case."""
    from peewee import SQL, fn

    actor.require(Perm.VIEW)
    reveal = may_reveal(actor, reveal, "repeat_parties")
    owner = owner_code or local_center().code
    by_key: dict[str, list[str]] = {}
    twice = fn.COUNT(SQL("*")) >= 2  # not COUNT(id): the index alone answers it
    for column, prefix in ((Party.id_number, person_index.ID_PREFIX), (None, person_index.NAME_PHONE_PREFIX)):
        base = Party.select(Party.id, Party.name, Party.phone, Party.id_number).where(Party.owner_code == owner)
        rows: Any
        if column is not None:  # sealed numbers are deterministic: equal numbers group alike
            repeated = (Party.select(Party.id_number).where(Party.owner_code == owner, Party.id_number != "")
                        .group_by(Party.owner_code, Party.id_number).having(twice))
            rows = base.where(Party.id_number.in_(repeated))
        else:
            found: Any = (Party.select(Party.phone, Party.name).where(Party.owner_code == owner, Party.phone != "")
                          .group_by(Party.owner_code, Party.phone, Party.name).having(twice).tuples())
            pairs = {(n, p) for p, n in found}
            rows = base.where(Party.phone.in_([p for _, p in pairs])) if pairs else []
        for p in rows:
            for key in person_index.party_keys(p.name, p.phone, p.id_number):
                if key.startswith(prefix):
                    by_key.setdefault(key, []).append(p.id)
    return _people(by_key, 1, 2, reveal)[:limit]
