"""Errors every layer understands. Messages are Chinese and name the field and the fix."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FieldError:
    """``field``, ``message`` and ``record`` are for people; ``key``, ``party`` and ``index`` for
    programs: a form finds the widget by them, never by reading the Chinese text back."""

    field: str  # the field's Chinese label, e.g. "身份证号"
    message: str  # what is wrong and how to fix it
    record: str | None = None  # which record (e.g. "第2个当事人", "第5行")
    key: str = ""  # the field's name in the input, e.g. "id_number" ("" when the error is not one field's)
    party: int | None = None  # which party of the case (0 = the first), when it is a party's field
    index: int | None = None  # which record of a batch (0 = the first)

    def __str__(self) -> str:
        where = f"{self.record}·" if self.record else ""
        return f"{where}{self.field}：{self.message}"


class DomainError(Exception):
    """A refusal with a reason the user can act on."""


class ValidationError(DomainError):
    def __init__(self, errors: list[FieldError] | FieldError | str):
        if isinstance(errors, str):
            errors = [FieldError("", errors)]
        elif isinstance(errors, FieldError):
            errors = [errors]
        self.errors: list[FieldError] = list(errors)
        super().__init__("；".join(str(e) for e in self.errors))


class PermissionDenied(DomainError):
    pass


class TransitionError(DomainError):
    pass


class NotFound(DomainError):
    pass


@dataclass
class Collector:
    """Gathers field errors so a form can show all of them at once."""

    errors: list[FieldError] = field(default_factory=list)

    def add(self, field_name: str, message: str, record: str | None = None, *, key: str = "",
            party: int | None = None, index: int | None = None) -> None:
        self.errors.append(FieldError(field_name, message, record, key, party, index))

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)
