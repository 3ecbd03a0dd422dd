"""Child-process entry: ``python -m bench.child module:function args.json``.

Prints one line ``BENCH-RESULT {json}``: the function's dict plus this process's peak RSS.
"""
from __future__ import annotations

import importlib
import os
import json
import sys

from bench.common import ensure_src_path


def main() -> None:
    ensure_src_path()
    target, arg_file = sys.argv[1], sys.argv[2]
    module, func = target.split(":")
    with open(arg_file, encoding="utf-8") as f:
        kwargs = json.load(f)
    result = getattr(importlib.import_module(f"bench.{module}"), func)(**kwargs)
    from bench.harness import peak_rss_mb

    result["rss_mb"] = round(peak_rss_mb(), 1)
    sys.stdout.write("BENCH-RESULT " + json.dumps(result, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()
    sys.stderr.flush()
    # Skip interpreter teardown: with PySide6 6.12.0's reference bug (see scen_gui) a GUI child
    # can abort while freeing objects after its result is complete.
    os._exit(0)


if __name__ == "__main__":
    main()
