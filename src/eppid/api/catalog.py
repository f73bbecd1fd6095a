"""The public information list (contract section 4, "Public information list (DIP and DIK)").

``GET /information`` (paginated JSON), ``/information/{id}``, ``/information.csv`` and
``/information.atom`` take the same filters and read the one selector ``information_search``;
``/catalog.jsonld`` describes the list as open datasets (DCAT) for data portals and harvesters.
"""

from datetime import UTC, datetime
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.pagination import paginate
from pydantic import BeforeValidator

from eppid.api.pagination import Pagination
from eppid.api.ratelimit import rate_limited
from eppid.api.types import OptionalFilter
from eppid.catalog import exemption_selectors, selectors
from eppid.catalog.choices import Category, EntryStatus
from eppid.core.public_cache import public_cached
from eppid.organisation.selectors import unit_get

router = Router(tags=["information"])
router.add_decorator(rate_limited("api-public"), mode="view")


def _blank_is_absent(value):
    if isinstance(value, str) and value.strip() == "":
        return None
    return value


CategoryFilter = Annotated[
    Literal["periodic", "immediate", "on_demand", "exempt"] | None, BeforeValidator(_blank_is_absent)
]
YearFilter = Annotated[int | None, BeforeValidator(_blank_is_absent)]
FlagFilter = Annotated[bool | None, BeforeValidator(_blank_is_absent)]


class InformationFilters(Schema):
    q: OptionalFilter = Field(
        None, max_length=200, description="Words of the title, the summary or the text of the PDF documents."
    )
    unit: OptionalFilter = Field(None, max_length=8, description="Only this unit's entries, e.g. 35.04.")
    include_descendants: FlagFilter = Field(None, description="With unit: add every unit below it.")
    category: CategoryFilter = Field(None, description="periodic, immediate, on_demand or exempt.")
    year: YearFilter = Field(None, ge=1900, le=9999, description="The year the entry is about.")
    type: OptionalFilter = Field(
        None, max_length=40, description="Code of an information type, e.g. finances."
    )


class ReplacementOut(Schema):
    name: str
    url: str | None
    sha256: str


class DocumentOut(Schema):
    name: str
    url: str | None = Field(
        description="The PDF; null once the entry was withdrawn or the document retracted from public view."
    )
    sha256: str
    size: int
    pages: int
    signature: str = Field(description="eppid (signed by e-PPID), other (another signature) or none.")
    retracted: str | None = Field(
        None, description="When the document was retracted from public view, ISO 8601 in UTC; null if not."
    )
    retraction_reason: str = Field("", description="Why it was retracted by hand (empty otherwise).")
    replaced_by: ReplacementOut | None = Field(
        None, description="The redacted copy that replaced the retracted document, if any is served."
    )


class InformationOut(Schema):
    id: int
    title: str
    summary: str
    category: str
    unit: str
    responsible: str
    # Text, made below: a date-typed schema field binds to whatever ``date`` is at import.
    created: str = Field(description="The date it was made, YYYY-MM-DD.")
    updated: str = Field(description="The last publication, ISO 8601 in UTC.")
    format: str
    retention: str
    documents: list[DocumentOut]
    number: int | None = Field(description="The entry's number in the unit's list.")
    unit_name: str
    holder: str = Field(description="The official or unit holding the information.")
    place: str = Field(description="Where the information was made.")
    year: int
    type: str | None = Field(description="Code of the information type (see /information types).")
    version: int
    status: str = Field(description="published or withdrawn.")
    withdrawn: str | None = Field(description="When it was withdrawn, ISO 8601 in UTC; null if not.")
    withdrawal_reason: str
    url: str = Field(description="The entry's public page.")
    exemption_basis: str | None = Field(
        None, description="exempt only: the ground of exemption (first of the consequence test's)."
    )
    exemption_grounds: list[str] | None = Field(None, description="exempt only: every ground of the test.")
    legal_basis: str | None = Field(None, description="exempt only: the law and article relied on.")
    consequence: str | None = Field(None, description="exempt only: the consequence if it were opened.")
    until: str | None = Field(None, description="exempt only: the last day of the exemption, YYYY-MM-DD.")
    test_url: str | None = Field(None, description="exempt only: the signed consequence-test sheet (PDF).")


def utc_text(moment: datetime) -> str:
    """``2026-12-03T02:31:51.123456Z``: ISO 8601 in UTC, the same whatever the server's zone."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def public_path(url_name: str, **kwargs) -> str:
    """A public page's path in Indonesian (unprefixed): stable whatever language the caller reads."""
    with translation.override("id"):
        return reverse(url_name, kwargs=kwargs)


def filters_resolve(filters: InformationFilters) -> dict:
    """The selector's keyword arguments; ValidationError (422) for an unknown unit or type."""
    errors = {}
    unit = None
    if filters.unit:
        unit = unit_get(filters.unit)
        if unit is None:
            errors["unit"] = [_("No unit has this code.")]
    if filters.type and selectors.information_type_get(filters.type) is None:
        errors["type"] = [_("No type of information has this code.")]
    if errors:
        raise ValidationError(errors)
    return {
        "q": filters.q or "",
        "unit": unit,
        "include_descendants": bool(filters.include_descendants),
        "category": filters.category or "",
        "year": filters.year,
        "info_type": filters.type or "",
    }


def information_item(http: HttpRequest, entry, signatures: dict | None = None) -> dict:
    """One entry as the contract's item (shared by the list, the detail, CSV and Atom)."""
    version = entry.current
    withdrawn = entry.status == EntryStatus.WITHDRAWN
    exempt = version.category == Category.EXEMPT
    documents = [] if exempt else selectors.version_documents(version)
    signatures = signatures if signatures is not None else selectors.signature_states(documents)
    return {
        "id": entry.pk,
        "title": version.title,
        "summary": version.summary,
        "category": version.category,
        "unit": entry.unit.code,
        "responsible": version.responsible,
        "created": version.made_on.isoformat(),
        "updated": utc_text(entry.published_at),
        "format": version.format_display,
        "retention": version.retention,
        "documents": [document_item(http, entry, doc, signatures, served=not withdrawn) for doc in documents],
        "number": entry.number,
        "unit_name": entry.unit.name,
        "holder": version.holder,
        "place": version.made_place,
        "year": version.year,
        "type": version.info_type.code if version.info_type_id else None,
        "version": version.version,
        "status": entry.status,
        "withdrawn": utc_text(entry.withdrawn_at) if entry.withdrawn_at else None,
        "withdrawal_reason": entry.withdrawal_reason,
        "url": http.build_absolute_uri(public_path("portal:information-entry", pk=entry.pk)),
        **(exemption_fields(http, entry) if exempt else {}),
    }


def _document_url(http: HttpRequest, entry, doc) -> str:
    return http.build_absolute_uri(
        public_path("portal:information-document", pk=entry.pk, document=doc.pk, name=doc.name)
    )


def document_item(http: HttpRequest, entry, doc, signatures: dict, *, served: bool) -> dict:
    """One document of an item: no URL once the entry was withdrawn or the document retracted;
    a retracted one says when, why and which redacted copy replaced it (decision 1697)."""
    retracted = doc.retracted_at is not None
    replacement = selectors.document_replacement(doc) if retracted and doc.replaced_by_id else None
    return {
        "name": doc.name,
        "url": _document_url(http, entry, doc) if served and not retracted else None,
        "sha256": doc.sha256,
        "size": doc.size,
        "pages": doc.pages,
        "signature": signatures[doc.pk].state if doc.pk in signatures else "none",
        "retracted": utc_text(doc.retracted_at) if retracted else None,
        "retraction_reason": doc.retracted_reason if retracted else "",
        "replaced_by": {
            "name": replacement.name,
            "url": _document_url(http, entry, replacement) if served else None,
            "sha256": replacement.sha256,
        }
        if replacement is not None
        else None,
    }


def exemption_fields(http: HttpRequest, entry) -> dict:
    """The contract's fields of an exempt item: basis, law, consequence, period, the signed sheet."""
    test = exemption_selectors.exemption_for_entry(entry)
    if test is None:
        return {}
    sheet = exemption_selectors.paper_url(test.sheet)
    return {
        "exemption_basis": test.exemption_basis,
        "exemption_grounds": test.ground_codes,
        "legal_basis": test.legal_basis,
        "consequence": test.consequence,
        "until": test.until.isoformat(),
        "test_url": http.build_absolute_uri(sheet) if sheet else None,
    }


def items_for(http: HttpRequest, entries) -> list[dict]:
    """Items for a page of entries, the signature states read in one query."""
    entries = list(entries)
    documents = [doc for entry in entries for doc in selectors.version_documents(entry.current)]
    signatures = selectors.signature_states(documents)
    return [information_item(http, entry, signatures) for entry in entries]


@router.get("/information", response=list[InformationOut], summary="The public information list")
@decorate_view(public_cached(params=("page", "page_size"), conditional=True))
@paginate(Pagination)
def information_list(request, filters: Query[InformationFilters]):
    return _LazyItems(request, selectors.information_search(**filters_resolve(filters)))


class _LazyItems:
    """The queryset for the paginator (count and slice), items made for the sliced page only."""

    def __init__(self, http, queryset):
        self.http, self.queryset = http, queryset

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        return items_for(self.http, self.queryset[key])


@router.get("/information/{int:entry_id}", response=InformationOut, summary="One entry of the list")
@decorate_view(public_cached(conditional=True))
def information_detail(request, entry_id: int):
    entry = selectors.information_public_get(entry_id)
    if entry is None:
        raise Http404
    return information_item(request, entry)
