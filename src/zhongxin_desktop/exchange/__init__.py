"""The county exchange: signed, encrypted bundles between a township and its county.

- ``keys``: this center's Ed25519 (signing) and X25519 (encryption) keys, fingerprints.
- ``crypto``: the encrypted envelope (ephemeral X25519 + HKDF + AES-GCM in chunks).
- ``container``: the zip inside the envelope — safe entry names, sizes, manifest, signature.
- ``records``: which tables and columns travel, rows as canonical dicts and their hashes.
- ``export`` / ``apply``: build a bundle from unacknowledged changes; apply one in one transaction.
- ``receipts``: what a peer holds, and marking our changes acknowledged.
- ``referrals``: county cases (交办件) turned into township cases.
- ``snapshot``: the monthly counts that ride along in every bundle.

Modules here use the store and the domain; the use cases with an acting user (permissions,
audit) are in ``services/countywork/exchange.py``, ``services/countywork/referrals.py`` and ``services/countywork/county.py``.
"""
