"""The mark on a public service function that rightly takes no Actor (the others take it first).
Its own module: the audit trail uses it, and the Actor uses the audit trail."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

_F = TypeVar("_F", bound=Callable[..., Any])


def unattended(why: str) -> Callable[[_F], _F]:
    """Mark a public service function that rightly takes no Actor, saying why: it reads nothing
    (a rule over its arguments), it runs before anyone has signed in (start-up, sign-in, recovery),
    or it is a step inside another service's transaction that has already checked the actor.
    Every other public service function takes the actor first (tests/test_service_boundary.py)."""
    if not why.strip():
        raise ValueError("unattended() needs a reason")

    def mark(fn: _F) -> _F:
        fn.__unattended__ = why  # type: ignore[attr-defined]  # a plain attribute on a function object
        return fn
    return mark


unattended("the marker itself: used at import time, acts on no data")(unattended)
