"""Safety: keeping the center's data whole and trustworthy — reading, checking and pruning the
audit log (``audit_log``), backups on disk and on a database server (``backups``,
``server_backups``), encryption at rest of ID numbers and phones (``pii_crypto``), the start-up
integrity check (``integrity``) and ``zhongxin check`` (``checks``). The audit log's writer
(``services/audit.py``) and the users (``services/users.py``) stay at the top of services/: every
package writes audit entries and every service is called by a user.

Public are the modules named in ``__all__``; a module whose name starts with an underscore serves
this package only (``lint-imports`` keeps it so). Nothing is imported here: importing one module
does not load the others."""

__all__ = ["audit_log", "backups", "checks", "integrity", "pii_crypto", "server_backups"]
