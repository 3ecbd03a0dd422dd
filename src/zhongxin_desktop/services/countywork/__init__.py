"""County work: what passes between the townships and their county — the county's view of its
townships (``county``, whose monthly figures figures/county_months counts), the rules it publishes
(``county_rules``), the settling of conflicting rows (``county_conflicts``), the 交办件 it refers
(``referrals``) and the signed bundles themselves (``exchange``: keys, export, import, receipts;
the month's figures that ride along in ``_bundle_snapshot``, trusting another center's key in
``_key_trust``).

Public are the modules named in ``__all__``; a module whose name starts with an underscore serves
this package only (``lint-imports`` keeps it so). Nothing is imported here: importing one module
does not load the others."""

__all__ = ["county", "county_conflicts", "county_rules", "exchange", "referrals"]
