"""Use cases. Each takes the acting user (an ``Actor``), checks its permission, runs in one
transaction and records an audit event. No Qt widgets here; the GUI and the CLI call these.

Grouped by domain: ``casework`` (a case from registration to closing), ``settlement`` (mediation,
agreements, follow-ups), ``gridwork`` (the grid), ``safety`` (audit log, backups, encryption at
rest, integrity), ``countywork`` (township and county, the bundles) and ``figures`` (statistics,
the dashboard, the ledgers); the modules at this level are what all of them use. Each package's
``__init__`` names its public modules, and the packages use one another's public functions only:
what several of them share privately (a case's rows as their writing steps read them, its
timeline) lives at this level, in ``_case_rows`` and ``_case_timeline``. docs/architecture.md has
the map."""
