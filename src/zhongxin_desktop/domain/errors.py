"""Errors every layer understands. Messages are Chinese and name the field and the fix."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FieldError:
    field: str  # the field's Chinese label, e.g. "身份证号"
    message: str  # what is wrong and how to fix it
    record: str | None = None  # which record (e.g. "第2个当事人", "第5行")

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

    def add(self, field_name: str, message: str, record: str | None = None) -> None:
        self.errors.append(FieldError(field_name, message, record))

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)
