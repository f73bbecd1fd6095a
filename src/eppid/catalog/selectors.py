"""Reading the information list: the public search, one entry and its history, the console's lists.

``information_search`` is the one place where the public list's query is built: the portal's
pages, the API's list, CSV and Atom all call it. Its words are matched by the database's own
full-text engine (``search_query.py``: PostgreSQL full-text search with typo correction, SQLite
FTS5), over the index ``search_index.py`` keeps of the published entries; ``search_highlights``
marks them in the title and a passage of each entry of one page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Exists, FloatField, Max, OuterRef, Prefetch, Q, QuerySet, Value
from django.utils import timezone

from eppid.catalog import search_query
from eppid.catalog.choices import Category, EntryStatus, SignatureState, TextStatus, VersionStatus
from eppid.catalog.models import (
    EntryDocument,
    EntryVersion,
    InformationEntry,
    InformationType,
    VersionDocument,
)
from eppid.catalog.retraction import PUBLIC_VERSIONS, document_replacement
from eppid.catalog.search_index import unit_region
from eppid.catalog.search_query import Highlight, RankedEntries
from eppid.core.ids import row_id
from eppid.organisation.selectors import unit_descendants
from eppid.signing.models import DocumentStatus, IssuedDocument

# Words of a query that count: more would only make a slower query that finds nothing.
QUERY_WORDS_MAX = 8
QUERY_MAX = 200
# The results page ranks the newest matches only, at most this many (decision 1310).
RANK_WINDOW = 500


def query_words(q: str) -> list[str]:
    """The words of a search, without control characters, at most QUERY_WORDS_MAX of them.

    A "word" without a letter or digit (``*``, ``"``, ``-``) is no word: search engines drop it.
    """
    text = "".join(char if char.isprintable() else " " for char in str(q or "")[:QUERY_MAX])
    words = []
    for word in text.split():
        if not any(char.isalnum() for char in word):
            continue
        if word.lower() not in (existing.lower() for existing in words):
            words.append(word)
    return words[:QUERY_WORDS_MAX]


def _links_without_text(prefix: str = "") -> Prefetch:
    """The documents of a version, in order, without their (possibly long) extracted text."""
    return Prefetch(
        f"{prefix}links",
        queryset=VersionDocument.objects.select_related("document")
        .defer("document__text")
        .order_by("position", "pk"),
    )


def information_search(
    *,
    q: str = "",
    unit=None,
    include_descendants: bool = False,
    category: str = "",
    year: int | None = None,
    info_type: str = "",
    order: str = "newest",
    published_only: bool = False,
) -> QuerySet[InformationEntry] | RankedEntries:
    """Published entries matching every filter given, newest first or (``order="relevance"``
    with words to search) the best match first among the newest RANK_WINDOW matches (the
    results page: narrowing by year or unit reaches older ones). The latter is a
    ``RankedEntries``: its count is known, and a page reads only its own entries.

    ``unit`` (a Unit) with ``include_descendants`` adds every unit below it (the national unit's
    subtree is every unit). ``q`` finds entries that hold each of its words in the title, the
    summary or the text of one of the current version's documents (any case, any accents; on
    PostgreSQL a misspelt word also finds the known words most like it). Withdrawn entries are
    never found. Each entry carries ``rank`` (0 without words).

    ``published_only`` leaves out exempt entries (DIK) unless ``category`` asks for them: the
    portal's list is the information published (DIP); exempt information has its own list
    (``exemption_selectors.exemptions_in_force``). The API lists both (contract).
    """
    entries = InformationEntry.objects.filter(status=EntryStatus.PUBLISHED)
    # The same filters over the search row's copies of these columns (search_query.ranked_window).
    narrow = Q()
    if unit is not None:
        if not include_descendants:
            entries = entries.filter(unit=unit)
            narrow &= Q(unit=unit)
        elif unit.parent_id is not None:
            entries = entries.filter(Q(unit=unit) | Q(unit__in=unit_descendants(unit)))
            if unit.code == unit_region(unit.code):  # a province and below: one index range
                narrow &= Q(region=unit.code)
            else:  # the ids as a list: read from the (unit, published_at) index
                below = list(unit_descendants(unit).values_list("pk", flat=True))
                narrow &= Q(unit_id__in=[unit.pk, *below])
    if category:
        entries = entries.filter(current__category=category)
        narrow &= Q(category=category)
    elif published_only:
        entries = entries.exclude(current__category=Category.EXEMPT)
        narrow &= ~Q(category=Category.EXEMPT)
    if year:
        entries = entries.filter(current__year=year)
        narrow &= Q(year=year)
    if info_type:
        entries = entries.filter(current__info_type__code=info_type)
        narrow = None  # not on the search row: the joined query
    words = query_words(q)
    if words and order == "relevance":
        ranked = search_query.ranked_window(entries, words, window=RANK_WINDOW, narrow=narrow)
        return RankedEntries(
            ranked,
            entries.select_related("unit", "current", "current__info_type").prefetch_related(
                _links_without_text("current__")
            ),
        )
    if words:
        entries = search_query.text_filter(entries, words)
        ordering = ["-published_at", "-pk"]
    else:
        if str(q or "").strip():
            entries = entries.none()  # only signs, no word: nothing matches
        entries = entries.annotate(rank=Value(0.0, output_field=FloatField()))
        ordering = ["-published_at", "-pk"]
    return (
        entries.select_related("unit", "current", "current__info_type")
        .prefetch_related(_links_without_text("current__"))
        .order_by(*ordering)
    )


def information_urgent(*, unit=None, now=None, limit: int = 5) -> list[InformationEntry]:
    """Fresh serta merta entries, newest first: published (last) within EPPID_SERTA_MERTA_FRESH_DAYS.

    ``unit`` limits them to that unit's own entries (its page); without it, every unit's (the
    national home page). One query; at most ``limit`` entries.
    """
    now = now or timezone.now()
    since = now - timedelta(days=settings.EPPID_SERTA_MERTA_FRESH_DAYS)
    entries = InformationEntry.objects.filter(
        status=EntryStatus.PUBLISHED,
        current__category=Category.IMMEDIATE,
        published_at__gt=since,
        published_at__lte=now,
    )
    if unit is not None:
        entries = entries.filter(unit=unit)
    return list(entries.select_related("unit", "current").order_by("-published_at", "-pk")[:limit])


def search_highlights(entries, q: str) -> dict[int, Highlight]:
    """For the entries of one page: each one's title and a passage, the words of ``q`` in
    ``<mark>`` and everything else escaped (safe to show as it is)."""
    entries = list(entries)
    words = query_words(q)
    # Read with the page (a page of RankedEntries on PostgreSQL) for these words: no query.
    carried = [getattr(entry, "search_highlight", (None, None)) for entry in entries]
    if entries and all(found_for == tuple(words) for found_for, _mark in carried):
        return {entry.pk: mark for entry, (_words, mark) in zip(entries, carried, strict=True)}
    # The misspelt words' alternatives the results were found with (RankedEntries), if known.
    alternatives = getattr(entries[0], "search_alternatives", None) if entries else None
    return search_query.highlights([entry.pk for entry in entries], words, alternatives)


def information_public_get(pk) -> InformationEntry | None:
    """A published or withdrawn entry (a withdrawn one shows its reason); None for drafts."""
    pk = row_id(pk)
    if pk is None:
        return None
    return (
        InformationEntry.objects.filter(pk=pk, status__in=[EntryStatus.PUBLISHED, EntryStatus.WITHDRAWN])
        .exclude(current=None)
        .select_related("unit", "unit__parent", "current", "current__info_type")
        .prefetch_related(_links_without_text("current__"))
        .first()
    )


def entry_public_versions(entry) -> list[EntryVersion]:
    """Every version the public has seen, newest first, each with its documents."""
    return list(
        EntryVersion.objects.filter(entry=entry, status__in=PUBLIC_VERSIONS)
        .select_related("info_type")
        .prefetch_related(_links_without_text())
        .order_by("-version")
    )


def version_documents(version) -> list[EntryDocument]:
    """The documents of a version, in order (uses the prefetched links when there are some)."""
    return [link.document for link in version.links.all()]


@dataclass(frozen=True)
class PublicDocument:
    entry: InformationEntry
    # None when not served: the entry was withdrawn or is exempt, or the document was retracted.
    document: EntryDocument | None
    retracted: EntryDocument | None = None  # the document retracted from public view
    replacement: EntryDocument | None = None  # the redacted copy it points to, if still served


def document_public_get(entry_pk, document_pk) -> PublicDocument | None:
    """A document any published version of the entry lists; None when there is no such thing."""
    entry = information_public_get(entry_pk)
    if entry is None:
        return None
    document_pk = row_id(document_pk)
    if document_pk is None:
        return None
    listed = EntryDocument.objects.filter(
        pk=document_pk, entry=entry, links__version__status__in=PUBLIC_VERSIONS
    ).defer("text")
    document = listed.first()
    if document is None:
        return None
    if entry.status == EntryStatus.WITHDRAWN or entry.current.category == Category.EXEMPT:
        # Withdrawn, or exempt by a consequence test: the document is no longer served.
        return PublicDocument(entry=entry, document=None)
    if document.retracted_at is not None:
        return PublicDocument(
            entry=entry, document=None, retracted=document, replacement=document_replacement(document)
        )
    return PublicDocument(entry=entry, document=document)


@dataclass(frozen=True)
class Signature:
    state: str
    issued: IssuedDocument | None = None

    @property
    def label(self) -> str:
        return str(SignatureState(self.state).label)


def signature_states(documents) -> dict[int, Signature]:
    """What to tell a reader about each document's signature: e-PPID signed it (its SHA-256 is a
    signed document e-PPID issued), another signature is embedded, or none."""
    documents = list(documents)
    issued = {
        doc.sha256: doc
        for doc in IssuedDocument.objects.filter(
            sha256__in={d.sha256 for d in documents}, status=DocumentStatus.SIGNED
        ).select_related("unit")
    }
    states = {}
    for document in documents:
        if document.sha256 in issued:
            states[document.pk] = Signature(SignatureState.EPPID, issued[document.sha256])
        elif document.signature_embedded:
            states[document.pk] = Signature(SignatureState.OTHER)
        else:
            states[document.pk] = Signature(SignatureState.NONE)
    return states


def information_types() -> QuerySet[InformationType]:
    return InformationType.objects.all()


def information_type_get(code: str) -> InformationType | None:
    if not code or len(code) > 40:
        return None
    return InformationType.objects.filter(code=code).first()


def published_years() -> list[int]:
    """The years of the published entries, newest first (for the public filter)."""
    return sorted(
        set(
            EntryVersion.objects.filter(status=VersionStatus.PUBLISHED)
            .values_list("year", flat=True)
            .distinct()
        ),
        reverse=True,
    )


# --- The console --------------------------------------------------------------------------------


def entries_for_console(unit, *, status: str = "") -> QuerySet[InformationEntry]:
    """Every entry of the unit (drafts, published, withdrawn), the newest change first."""
    entries = InformationEntry.objects.filter(unit=unit)
    if status:
        entries = entries.filter(status=status)
    no_text = EntryDocument.objects.filter(
        Q(links__version_id=OuterRef("current_id")) | Q(links__version_id=OuterRef("draft_id")),
        text_status__in=[TextStatus.NO_TEXT, TextStatus.FAILED],
    )
    return (
        entries.select_related("current", "draft", "current__info_type", "draft__info_type")
        .annotate(scans=Exists(no_text))
        .order_by("-created_at", "-pk")
    )


def entry_for_console(unit, pk) -> InformationEntry | None:
    """An entry of ``unit`` by id (drafts included); None for another unit's or an unknown id."""
    pk = row_id(pk)
    if pk is None:
        return None
    return (
        InformationEntry.objects.filter(unit=unit, pk=pk)
        .select_related("unit", "current", "draft", "current__info_type", "draft__info_type")
        .first()
    )


def entry_versions_all(entry) -> list[EntryVersion]:
    """Every version, drafts included, newest first (for staff)."""
    return list(
        EntryVersion.objects.filter(entry=entry)
        .select_related("info_type", "published_by", "created_by")
        .prefetch_related(_links_without_text())
        .order_by("-version")
    )


def entry_status_counts(unit) -> dict[str, int]:
    counts = dict(
        InformationEntry.objects.filter(unit=unit).values_list("status").annotate(n=Count("pk")).order_by()
    )
    drafts_pending = InformationEntry.objects.filter(unit=unit, status=EntryStatus.PUBLISHED).exclude(
        draft=None
    )
    return {
        "draft": counts.get(EntryStatus.DRAFT, 0),
        "published": counts.get(EntryStatus.PUBLISHED, 0),
        "withdrawn": counts.get(EntryStatus.WITHDRAWN, 0),
        "new_versions": drafts_pending.count(),
    }


# --- Open data ------------------------------------------------------------------------------------


def units_with_published_entries() -> list[dict]:
    """Each unit that has published entries: its code, name, count and last publication."""
    return list(
        InformationEntry.objects.filter(status=EntryStatus.PUBLISHED)
        .values("unit__code", "unit__name")
        .annotate(entries=Count("pk"), modified=Max("published_at"))
        .order_by("unit__code")
    )


def sitemap_entries() -> QuerySet[InformationEntry]:
    """Published entries for the sitemap (a withdrawn entry's page answers 410 Gone), oldest first."""
    return (
        InformationEntry.objects.filter(status=EntryStatus.PUBLISHED)
        .only("pk", "published_at")
        .order_by("pk")
    )
