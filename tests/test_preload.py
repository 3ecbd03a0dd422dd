"""The sign-in dialog's side thread (ui/preload.py) imports the first page's modules; a module
that fails there is logged and left for the GUI thread's own import to report."""
from __future__ import annotations

import logging
import sys

from zhongxin_desktop.ui import preload


def test_the_side_thread_imports_the_modules_given(tmp_path, monkeypatch):
    (tmp_path / "zx_preload_probe.py").write_text("import threading\nTHREAD = threading.current_thread().name\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "zx_preload_probe", raising=False)
    preload.start(("zx_preload_probe",)).join(10)
    assert sys.modules["zx_preload_probe"].THREAD == "preload"


def test_a_module_failing_to_import_is_logged_not_raised(tmp_path, monkeypatch, caplog):
    (tmp_path / "zx_preload_broken.py").write_text("raise RuntimeError('broken on purpose')\n")
    (tmp_path / "zx_preload_after.py").write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with caplog.at_level(logging.ERROR, logger="zhongxin_desktop.ui.preload"):
        thread = preload.start(("zx_preload_broken", "zx_preload_after"))
        thread.join(10)
    assert not thread.is_alive()
    assert "zx_preload_broken" in caplog.text and "broken on purpose" in caplog.text
    assert "zx_preload_broken" not in sys.modules and sys.modules["zx_preload_after"].VALUE == 1

