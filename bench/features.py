"""Which features are on main: a scenario whose feature is absent says so instead of a figure."""
from __future__ import annotations

import importlib

from bench.common import git_commit

# feature → (module, attribute) that the scenario calls
FEATURES = {
    "search": ("zhongxin_desktop.services.casework.case_list", "list_page"),
    "documents": ("zhongxin_desktop.documents.printing", "render"),
    "monthly report": ("zhongxin_desktop.reports.monthly_xlsx", "export_monthly"),
    "ledger import": ("zhongxin_desktop.services.figures.ledger_import", "import_file"),
    "exchange": ("zhongxin_desktop.services.countywork.exchange", "export_bundles"),
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
