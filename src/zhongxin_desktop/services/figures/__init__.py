"""Figures: what the center counts and reports — the monthly statistics the county asks for
(``statistics``), every township's month at once for the county (``county_months``), the
工作台's figures and to-do lists (``dashboard``), the case ledger (台账) for a range of dates
(``ledger_cases``) and the import of a township's old Excel ledgers (``ledger_import``, reading
their cells in ``_ledger_reader``).

Public are the modules named in ``__all__``; a module whose name starts with an underscore serves
this package only (``lint-imports`` keeps it so). Nothing is imported here: importing one module
does not load the others."""

__all__ = ["county_months", "dashboard", "ledger_cases", "ledger_import", "statistics"]
