"""Use cases. Each takes the acting user (an ``Actor``), checks its permission, runs in one
transaction and records an audit event. No Qt widgets here; the GUI and the CLI call these."""
