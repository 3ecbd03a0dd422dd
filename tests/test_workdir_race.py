"""An import's private folder is never swept as a killed import's leftover while it is being made:
the county imports several townships' bundles at once, each sweeping leftovers before it starts,
and a sweep that ran between another import's making its folder and marking it "in use" removed
the folder under it ("读取或写入此数据包时出现意外错误")."""
from __future__ import annotations

import threading

from zhongxin_desktop.exchange import workdir


def test_folders_being_made_survive_sweeps_running_at_the_same_time(tmp_path):
    stop = threading.Event()
    failures: list[str] = []

    def sweeper() -> None:
        while not stop.is_set():
            workdir.sweep_leftovers(tmp_path)

    def importer() -> None:
        for _ in range(150):
            try:
                folder, marker = workdir.make_workdir(tmp_path)
            except OSError as exc:  # the folder went before its marker was made
                failures.append(repr(exc))
                continue
            try:
                (folder / "bundle.zip").write_bytes(b"decrypted")
                if not (folder / "bundle.zip").is_file():
                    failures.append(f"{folder.name} emptied while in use")
            except OSError as exc:  # swept while in use
                failures.append(repr(exc))
            finally:
                marker.close()
                workdir.sweep_leftovers(tmp_path)  # as an import's own clean-up leaves nothing

    sweepers = [threading.Thread(target=sweeper) for _ in range(2)]
    importers = [threading.Thread(target=importer) for _ in range(4)]
    for t in sweepers + importers:
        t.start()
    for t in importers:
        t.join()
    stop.set()
    for t in sweepers:
        t.join()
    assert failures == []
    workdir.sweep_leftovers(tmp_path)
    assert list(tmp_path.glob(workdir.WORKDIR_PREFIX + "*")) == []  # nothing left behind either
