"""Which audit heads recorded in backup manifests still describe this database's history.

Every backup's manifest records the audit chain's head at that time (seq, hash); the chain must
still contain each of them, so entries rewritten or removed after a backup are caught. A
restore replaces the history: the heads of the backups made after the restored one no longer
belong to it. The restore marks those heads in their manifests (``superseded_at``) instead of
keeping a "last restore" time in the database, where the same edit that rewrites the chain
could move it.
"""
from __future__ import annotations

from typing import Any

from zhongxin_desktop.store.backup import Manifest, write_manifest

SUPERSEDED = "superseded_at"


def live_heads(manifests: list[Manifest]) -> list[dict[str, Any]]:
    return [m.audit_head for m in manifests if m.audit_head and not m.audit_head.get(SUPERSEDED)]


def mark_superseded(manifests: list[Manifest], restored: Manifest, stamp: str) -> int:
    """After ``restored`` was put back: mark the heads of later backups, and make the restored
    one's live again (restoring a safety copy undoes a restore). Returns how many changed."""
    changed = 0
    for m in manifests:
        if not m.audit_head:
            continue
        if m.name == restored.name and m.folder == restored.folder:
            head = {k: v for k, v in m.audit_head.items() if k != SUPERSEDED}
        # same second as the restored one: cannot tell which came first; marking it only
        # weakens the check, never raises a false alarm
        elif m.created_at >= restored.created_at and not m.audit_head.get(SUPERSEDED):
            head = {**m.audit_head, SUPERSEDED: stamp}
        else:
            continue
        if head != m.audit_head:
            m.audit_head = head
            write_manifest(m)
            changed += 1
    return changed
