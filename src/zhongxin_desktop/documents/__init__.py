"""Printed documents (reportlab, A4): agreements, forms, records and the archive dossier."""
