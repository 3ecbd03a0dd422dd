"""What a bundle needs to know of the center it is written or read at. The services hand the
exchange their frozen copy of the local center; a store row has the same fields."""
from __future__ import annotations

from typing import Protocol


class LocalCenter(Protocol):
    @property
    def code(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def name(self) -> str: ...
