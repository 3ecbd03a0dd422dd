"""Which features are on main: a scenario whose feature is absent says so instead of a figure."""
from __future__ import annotations

import importlib

from bench.common import git_commit

# feature → (module, attribute) that the scenario calls
FEATURES = {
    "search": ("zhongxin_desktop.services.search", "search"),
}


def locate(feature: str):
    module, attr = FEATURES[feature]
    try:
        return getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError):
        return None


def missing(feature: str) -> str:
    """'' when the feature is there, else the sentence the results table prints."""
    if locate(feature) is not None:
        return ""
    return f"not measured: feature not on main at {git_commit()}"
