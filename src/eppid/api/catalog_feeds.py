"""Open data of the information list: CSV, an Atom 1.0 feed and a DCAT catalogue (JSON-LD).

CSV and Atom take the list's filters (``/information``) and read the same selector; CSV streams
every matching entry, Atom one page of them with RFC 5005 paging links. ``/catalog.jsonld``
describes each unit's list (and the whole list) as a ``dcat:Dataset`` with its distributions.
"""

import csv
import io
import json
from datetime import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view

from eppid.api.catalog import InformationFilters, filters_resolve, items_for, public_path, utc_text
from eppid.api.pagination import MAX_PAGE, MAX_PAGE_SIZE, page_url
from eppid.api.ratelimit import rate_limited
from eppid.catalog import selectors
from eppid.catalog.choices import Category
from eppid.core.public_cache import conditional_get
from eppid.reports.tables import formula_safe

router = Router(tags=["information"])
router.add_decorator(rate_limited("api-public"), mode="view")

CSV_COLUMNS = (
    "id",
    "number",
    "unit",
    "unit_name",
    "title",
    "summary",
    "category",
    "year",
    "type",
    "holder",
    "responsible",
    "created",
    "place",
    "updated",
    "format",
    "retention",
    "version",
    "url",
    "documents",
    "documents_sha256",
    "documents_size",
)
CSV_CHUNK = 500
ATOM_DEFAULT_PAGE_SIZE = 50


def _csv_line(values) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(values)
    return buffer.getvalue()


def _csv_cell(value) -> str:
    if value is None:
        return ""
    return formula_safe(str(value))


def _csv_rows(http: HttpRequest, queryset):
    yield "\ufeff" + _csv_line(CSV_COLUMNS)
    batch = []
    for entry in queryset.iterator(chunk_size=CSV_CHUNK):
        batch.append(entry)
        if len(batch) == CSV_CHUNK:
            yield from _csv_batch(http, batch)
            batch = []
    yield from _csv_batch(http, batch)


def _csv_batch(http, entries):
    for item in items_for(http, entries):
        # A document retracted from public view is not exported (decision 1697).
        documents = [doc for doc in item["documents"] if not doc["retracted"]]
        item["documents"] = " ".join(doc["url"] or "" for doc in documents)
        item["documents_sha256"] = " ".join(doc["sha256"] for doc in documents)
        item["documents_size"] = " ".join(str(doc["size"]) for doc in documents)
        yield _csv_line([_csv_cell(item.get(column)) for column in CSV_COLUMNS])


@router.get("/information.csv", summary="The public information list as CSV (same filters)")
def information_csv(request, filters: Query[InformationFilters]):
    entries = selectors.information_search(**filters_resolve(filters))
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in _csv_rows(request, entries)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="informasi-publik.csv"'
    return response


class AtomPage(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(ATOM_DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class PagedAtomFeed(Atom1Feed):
    """Atom 1.0 with RFC 5005 paging links (first, next, previous) at the feed level."""

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        for rel in ("first", "previous", "next"):
            if self.feed.get(rel):
                handler.addQuickElement("link", "", {"rel": rel, "href": self.feed[rel]})


def _category_label(value: str) -> str:
    return str(Category(value).label) if value in Category.values else value


@router.get("/information.atom", summary="The public information list as an Atom 1.0 feed (same filters)")
@decorate_view(conditional_get)
def information_atom(request, filters: Query[InformationFilters], paging: Query[AtomPage]):
    entries = selectors.information_search(**filters_resolve(filters))
    offset = (paging.page - 1) * paging.page_size
    items = items_for(request, entries[offset : offset + paging.page_size + 1])
    has_next = len(items) > paging.page_size
    items = items[: paging.page_size]
    self_url = request.build_absolute_uri()
    feed = PagedAtomFeed(
        title=_("Public information list – e-PPID Bawaslu"),
        link=request.build_absolute_uri(public_path("portal:information")),
        description=_("Information published by the Bawaslu units, newest first."),
        language="id",
        feed_url=self_url,
        feed_guid=self_url,
        author_name="Bawaslu",
        first=page_url(request, 1),
        next=page_url(request, paging.page + 1) if has_next else None,
        previous=page_url(request, paging.page - 1) if paging.page > 1 else None,
    )
    for item in items:
        feed.add_item(
            title=item["title"],
            link=item["url"],
            description=item["summary"],
            unique_id=item["url"],
            unique_id_is_permalink=True,
            pubdate=datetime.fromisoformat(item["updated"]),
            updateddate=datetime.fromisoformat(item["updated"]),
            author_name=item["unit_name"],
            categories=[_category_label(item["category"])] + ([item["type"]] if item["type"] else []),
            enclosures=[
                Enclosure(doc["url"], str(doc["size"]), "application/pdf")
                for doc in item["documents"]
                if doc["url"]
            ],
        )
    return HttpResponse(feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8")


# --- DCAT -----------------------------------------------------------------------------------------

DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct:modified": {"@type": "xsd:dateTime"},
    "dcat:downloadURL": {"@type": "@id"},
    "dcat:accessURL": {"@type": "@id"},
    "dcat:landingPage": {"@type": "@id"},
    "foaf:homepage": {"@type": "@id"},
}


def _distributions(http, query: str) -> list[dict]:
    def api(path: str) -> str:
        return http.build_absolute_uri(f"/api/v1/{path}{query}")

    return [
        {
            "@type": "dcat:Distribution",
            "dct:title": "CSV",
            "dcat:downloadURL": api("information.csv"),
            "dcat:mediaType": "text/csv",
        },
        {
            "@type": "dcat:Distribution",
            "dct:title": "Atom 1.0",
            "dcat:accessURL": api("information.atom"),
            "dcat:mediaType": "application/atom+xml",
        },
        {
            "@type": "dcat:Distribution",
            "dct:title": "JSON (API)",
            "dcat:accessURL": api("information"),
            "dcat:mediaType": "application/json",
        },
    ]


def _utc(moment: datetime | None) -> str | None:
    return utc_text(moment) if moment else None


def dcat_catalogue(http: HttpRequest) -> dict:
    units = selectors.units_with_published_entries()
    datasets = [
        {
            "@id": http.build_absolute_uri(public_path("portal:information")),
            "@type": "dcat:Dataset",
            "dct:identifier": "dip",
            "dct:title": "Daftar Informasi Publik Bawaslu (semua unit)",
            "dct:description": "Informasi publik yang diterbitkan oleh seluruh unit Bawaslu.",
            "dct:publisher": {"@type": "foaf:Organization", "foaf:name": "Bawaslu Republik Indonesia"},
            "dct:modified": _utc(max((row["modified"] for row in units), default=None)),
            "dcat:keyword": ["informasi publik", "PPID", "Bawaslu", "UU 14/2008"],
            "dcat:landingPage": http.build_absolute_uri(public_path("portal:information")),
            "dcat:distribution": _distributions(http, ""),
        }
    ]
    for row in units:
        code, name = row["unit__code"], row["unit__name"]
        landing = http.build_absolute_uri(public_path("portal:unit-information", code=code))
        datasets.append(
            {
                "@id": landing,
                "@type": "dcat:Dataset",
                "dct:identifier": f"dip-{code}",
                "dct:title": f"Daftar Informasi Publik {name}",
                "dct:description": f"Informasi publik yang diterbitkan oleh {name} ({row['entries']} entri).",
                "dct:publisher": {"@type": "foaf:Organization", "foaf:name": name},
                "dct:modified": _utc(row["modified"]),
                "dcat:keyword": ["informasi publik", "PPID", "Bawaslu", name],
                "dcat:landingPage": landing,
                "dcat:distribution": _distributions(http, f"?unit={code}"),
            }
        )
    return {
        "@context": DCAT_CONTEXT,
        "@id": http.build_absolute_uri("/api/v1/catalog.jsonld"),
        "@type": "dcat:Catalog",
        "dct:title": "e-PPID Bawaslu: Daftar Informasi Publik",
        "dct:description": "Katalog data terbuka informasi publik Bawaslu (UU 14/2008).",
        "dct:language": [{"@id": "http://publications.europa.eu/resource/authority/language/IND"}],
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": "Bawaslu Republik Indonesia"},
        "foaf:homepage": settings.EPPID_PUBLIC_URL + "/",
        "dcat:dataset": datasets,
    }


@router.get("/catalog.jsonld", summary="The open datasets of the information list (DCAT, JSON-LD)")
@decorate_view(conditional_get)
def catalog_jsonld(request):
    body = json.dumps(dcat_catalogue(request), ensure_ascii=False, indent=1)
    return HttpResponse(body, content_type="application/ld+json; charset=utf-8")
