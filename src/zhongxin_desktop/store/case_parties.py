"""A case's parties as rows: the one place that builds a ``Party`` row with its search columns
(the name's pinyin and initials, the last four characters of the phone and ID numbers, which the
case list and the duplicate check search) and its ``CaseParty`` link. Registration, the ledger
import, a county referral and the demo all write parties through here, so a party saved by any of
them is found by the same search."""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from zhongxin_desktop.domain.names import pinyin_keys
from zhongxin_desktop.store import inserts
from zhongxin_desktop.store.models import CaseParty, Party, new_id

# Keys of a party mapping that belong to its link with the case, not to the person
LINK_FIELDS = ("role", "agent_name", "agent_phone", "agent_kind")
SEARCH_COLUMNS = ("name_pinyin", "name_initials", "phone_tail", "id_tail")


def search_columns(name: str, phone: str, id_number: str) -> dict:
    full, initials = pinyin_keys(name)
    return {"name_pinyin": full, "name_initials": initials,
            "phone_tail": (phone or "")[-4:], "id_tail": (id_number or "")[-4:]}


def party_row(owner_code: str, *, name: str, phone: str = "", id_number: str = "", **fields) -> dict:
    """The ``Party`` row's values (without its key) for a person: ``fields`` are other Party fields."""
    name, phone, id_number = name.strip(), phone or "", id_number or ""
    return {"owner_code": owner_code, "name": name, "phone": phone, "id_number": id_number,
            **search_columns(name, phone, id_number), **fields}


def case_party_rows(case_id: str, owner_code: str, parties: Iterable[Mapping], *, start: int = 0,
                    base: Mapping | None = None) -> tuple[list[dict], list[dict]]:
    """The Party rows and the CaseParty rows, keys made here, for ``parties`` in their order (each a
    mapping of Party fields plus ``role`` and the agent fields); positions count from ``start``.
    ``base``: values every row gets (timestamps of a bulk insert)."""
    people, links = [], []
    for pos, given in enumerate(parties, start):
        values = dict(given)
        link = {k: values.pop(k) for k in LINK_FIELDS if k in values}
        party_id = new_id()
        people.append({**(base or {}), "id": party_id, **party_row(owner_code, **values)})
        links.append({**(base or {}), "id": new_id(), "owner_code": owner_code, "case": case_id, "party": party_id,
                      "position": pos, **link})
    return people, links


def write_case_parties(case_id: str, owner_code: str, parties: Iterable[Mapping], *, start: int = 0) -> list[Party]:
    """Insert ``parties`` for the case, inside the caller's transaction; returns the Party rows."""
    made = []
    people, links = case_party_rows(case_id, owner_code, parties, start=start)
    for person, link in zip(people, links):
        made.append(inserts.create(Party, **person))
        inserts.create(CaseParty, **link)
    return made
