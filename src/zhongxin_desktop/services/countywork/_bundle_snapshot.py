"""The month's statistics that ride along in every township bundle: the statistics service's
figures (``monthly_statistics``) for the township's own rows, computed here and handed to the
bundle writer (``exchange.export``), which knows nothing of statistics."""
from __future__ import annotations

import datetime as dt
from typing import Any

from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.services.actor import unattended
from zhongxin_desktop.services.figures.statistics import monthly_statistics, parse_month


@unattended("a rule over its argument")
def check_period(period: str) -> dt.date:
    """Check a YYYY-MM period (raises ValueError with a Chinese message)."""
    try:
        return parse_month(period)
    except DomainError as exc:
        raise ValueError(f"月份“{period}”格式不对，应为 YYYY-MM，如 2026-11") from exc


@unattended("the month's figures for a bundle whose caller (the export) has checked the actor")
def monthly_snapshot(owner_code: str, period: str) -> dict[str, Any]:
    """The one call site for the month's statistics in a bundle."""
    return {**monthly_statistics(period, owner_code).to_dict(), "period": period}
