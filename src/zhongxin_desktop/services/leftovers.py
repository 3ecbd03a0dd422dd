"""Files a killed operation left behind that must not outlive it."""
from __future__ import annotations

from zhongxin_desktop.exchange import workdir
from zhongxin_desktop.paths import DataDir
from zhongxin_desktop.services.actor import unattended


@unattended("run by the system (start-up, recovery, idle upkeep) or before anyone signs in: removes temporary files")
def sweep(data: DataDir) -> int:
    """Remove decrypted bundles a killed import left in ``exports/`` (personal data in plain
    text). Runs after sign-in and before every import run; light (no cryptography imported)."""
    return workdir.sweep_leftovers(data.exports)
