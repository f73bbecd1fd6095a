"""What search reads (derived rows, not records): one row per published entry, and the words
search knows for spelling help. Written only by ``catalog/search_index.py``."""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchDocument(models.Model):
    """What search reads of one published entry: its current version's words, in one row.

    Derived data, not a record: written only by ``catalog/search_index.py`` when an entry is
    published, renewed or withdrawn (a withdrawn entry has no row), and rebuilt at will
    (``manage.py catalog_search_rebuild``). Not audited: the entry, its versions and documents are.
    On PostgreSQL ``vector`` holds the weighted tsvector (GIN index); on SQLite an FTS5 table
    kept in step by triggers reads these columns (migration 0003).
    """

    entry = models.OneToOneField(
        "catalog.InformationEntry", on_delete=models.CASCADE, primary_key=True, related_name="search"
    )
    title = models.TextField()
    summary = models.TextField()
    # The text of the current version's documents (none for exempt information), capped.
    body = models.TextField(blank=True)
    vector = SearchVectorField(null=True)
    # Copies of what the list filters and orders by (the entry's unit and last publication, the
    # current version's category and year), so that the newest matches of a search are found in
    # this table alone, under its own indexes (decision 1441). Written with the words.
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, null=True, related_name="+", db_index=False
    )
    published_at = models.DateTimeField(null=True)
    category = models.CharField(max_length=12, blank=True)
    year = models.PositiveIntegerField(null=True)
    # The first part of the unit's code (its province: "35" for 35 and 35.04): a province with
    # the units below it is one range of one index (decision 1530).
    region = models.CharField(max_length=8, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["-published_at", "-entry"], name="catalog_search_newest"),
            models.Index(fields=["unit", "-published_at"], name="catalog_search_unit_newest"),
            models.Index(fields=["year", "-published_at"], name="catalog_search_year_newest"),
            models.Index(fields=["region", "-published_at"], name="catalog_search_region_newest"),
            models.Index(fields=["category", "year", "-published_at"], name="catalog_search_catyear_newest"),
        ]

    def __str__(self) -> str:
        return f"search {self.entry_id}"


class SearchWord(models.Model):
    """Every word search knows (PostgreSQL only; trigram index): what a misspelt word is matched to."""

    word = models.CharField(max_length=60, primary_key=True)

    def __str__(self) -> str:
        return self.word
