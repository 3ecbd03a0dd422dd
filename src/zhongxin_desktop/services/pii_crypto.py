"""Turning encryption at rest of ID numbers and phones on or off (Perm.SETTINGS).

The existing rows are converted in ONE transaction together with the setting, so a crash
leaves either all plain or all sealed. Rows are not ``touch()``-ed: this changes how values
are stored on this PC, not the values, and must not re-send every party to the county.
"""
from __future__ import annotations

from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.services import audit
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.store import sealed
from zhongxin_desktop.store.db import database
from zhongxin_desktop.store.models import Setting, utcnow

COLUMNS = ("id_number", "phone")


def is_on() -> bool:
    return sealed.keyring.sealing


def _convert(to_sealed: bool) -> int:
    rows = database.execute_sql('SELECT id, id_number, phone FROM party').fetchall()
    changed = []
    for pid, id_number, phone in rows:
        if to_sealed:
            new = (sealed.seal(id_number, "id_number"), sealed.seal(phone, "phone"))
        else:
            new = (sealed.unseal(id_number, "id_number"), sealed.unseal(phone, "phone"))
        if new != (id_number, phone):
            changed.append((*new, pid))
    database.connection().executemany("UPDATE party SET id_number = ?, phone = ? WHERE id = ?", changed)
    return len(changed)


def set_encryption(actor: Actor, data: DataDir, on: bool) -> int:
    """Returns how many parties were converted."""
    actor.require(Perm.SETTINGS, "setting", sealed.SETTING_KEY)
    if on == is_on():
        return 0
    if on:
        sealed.keyring.key = sealed.load_key(data.keys, create=True)
    before = sealed.keyring.sealing
    try:
        with database.atomic():
            sealed.keyring.sealing = on
            n = _convert(on)
            value = "true" if on else "false"
            Setting.insert(key=sealed.SETTING_KEY, value=value, updated_at=utcnow()).on_conflict(
                conflict_target=[Setting.key], update={Setting.value: value, Setting.updated_at: utcnow()}
            ).execute()
            audit.record(actor.username, "pii_encryption_on" if on else "pii_encryption_off", "setting",
                         sealed.SETTING_KEY, detail={"parties": n})
    except BaseException:
        sealed.keyring.sealing = before
        raise
    return n
