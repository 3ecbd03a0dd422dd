"""Settlement: how a dispute is settled once it is a case — mediation sessions (``mediation``), the
agreements with their versions and signatures (``agreements``), follow-up visits and judicial
confirmation (``followups``), checking an agreement's QR code (``verification``), recording a
printed paper (``prints``), the 调解 and 协议书 pages' lists (``mediation_lists``) and the
mediation committees and their rosters (``rosters``).

Public are the modules named in ``__all__``; a module whose name starts with an underscore serves
this package only (``lint-imports`` keeps it so). Nothing is imported here: importing one module
does not load the others."""

__all__ = ["agreements", "followups", "mediation", "mediation_lists", "prints", "rosters", "verification"]
