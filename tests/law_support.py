"""Helpers for tests of the law as data: a legal ground of a test law, in force from a given day."""

from __future__ import annotations

from datetime import date

from eppid.law.models import LegalGround


def new_ground(**values) -> LegalGround:
    """A ground of ``kind`` and ``code`` (required), in force from 2 March 2026 unless told."""
    defaults = {
        "letter": values["code"][-1],
        "article": f"Test law Pasal 1 huruf {values['code']}",
        "label_id": f"Alasan uji {values['code']}",
        "label_en": f"Test ground {values['code']}",
        "text_id": "Teks hukum uji coba.",
        "text_en": "The text of a test law.",
        "source": "A test",
        "effective_from": date(2026, 3, 2),
        "position": 99,
    }
    return LegalGround.objects.create(**{**defaults, **values})
