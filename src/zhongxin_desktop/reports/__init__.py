"""Excel reports: the monthly statistics table, the case ledger (台账), reading old ledgers."""
