"""The 网格 page as its tabs see it (they are built with it and call back into it); the page
itself is pages/grid.GridPage."""
from __future__ import annotations

from typing import Any

from zhongxin_desktop.ui.pages.base import Page


class GridHost(Page):
    """Its two hooks are GridPage's (a Qt widget class cannot also be an abc.ABC)."""

    lookups: dict[str, Any] | None  # the lists the forms choose from; None until loaded

    def loaded_lookups(self) -> dict[str, Any]:
        """The lists, for a tab's button: a tab is shown (and acts) only once they are loaded."""
        assert self.lookups is not None
        return self.lookups

    def after_change(self, message: str) -> None:
        """A tab saved something: say so and refresh what shows it."""
        raise NotImplementedError

    def failed(self, exc: BaseException, tb: str) -> None:
        """A tab's job failed."""
        raise NotImplementedError
