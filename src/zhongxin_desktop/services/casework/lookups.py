"""The choices a case form and the case filters offer: villages, grids, mediators, lists."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from zhongxin_desktop.domain import vocab
from zhongxin_desktop.domain.roles import Perm, Role
from zhongxin_desktop.domain.workflow import STATUS_LABELS
from zhongxin_desktop.services import settings
from zhongxin_desktop.services.actor import Actor
from zhongxin_desktop.store.models import Case, Grid, User, Village


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    parent_id: str | None = None  # a grid's village


@dataclass(frozen=True)
class CaseChoices:
    categories: list[str]
    sources: list[str]
    grid_sources: list[str]
    risk_levels: list[str]
    statuses: list[tuple[str, str]]  # (value, label)
    villages: list[Choice]
    grids: list[Choice]
    mediators: list[Choice]
    party_roles: list[str]
    # categories old cases still carry that the list no longer offers (a county rule dropped one):
    # a filter can still find them; a new case cannot take them
    retired_categories: Sequence[str] = ()


def case_choices(actor: Actor) -> CaseChoices:
    actor.require(Perm.VIEW)
    villages = [Choice(v.id, f"{v.name}", None) for v in
                Village.select().where(Village.active == True).order_by(Village.name)]  # noqa: E712
    grids = [Choice(g.id, f"{g.name}（{g.code}）" if g.code else g.name, g.village_id) for g in
             Grid.select().where(Grid.active == True).order_by(Grid.code, Grid.name)]  # noqa: E712
    mediator_roles = [Role.MEDIATOR.value, Role.DIRECTOR.value]
    mediators = [Choice(u.id, u.display_name) for u in
                 User.select().where(User.active == True, User.role.in_(mediator_roles))  # noqa: E712
                 .order_by(User.display_name)]
    categories = list(settings.get("categories"))
    found: Any = Case.select(Case.category).distinct().order_by(Case.category).tuples()  # stubs: rows of models
    used = [c for (c,) in found]
    return CaseChoices(
        retired_categories=[c for c in used if c not in categories], categories=categories, sources=list(settings.get("sources")),
        grid_sources=sorted(vocab.GRID_SOURCES), risk_levels=list(settings.get("risk_levels")),
        statuses=[(s.value, label) for s, label in STATUS_LABELS.items()], villages=villages, grids=grids,
        mediators=mediators, party_roles=list(vocab.PARTY_ROLES),
    )
