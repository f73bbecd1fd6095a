"""The information list (issue 12): officers and the PPID draft, the PPID alone publishes and
withdraws; superiors and auditors read the console's list and checklist; unit administrators do
not see it. Never across units."""

from tests.catalog_support import draft_in, exempt_entry_in, latest_document_in, published_in
from tests.matrix.spec import UNIT, InUnit, Route

READERS = {"officer", "ppid", "superior", "auditor"}  # view_information
DRAFTERS = {"officer", "ppid"}  # draft_information
PUBLISHERS = {"ppid"}  # publish_information
DRAFT = InUnit(draft_in)
PUBLISHED = InUnit(published_in)
EXEMPT = InUnit(exempt_entry_in)


def _both(name, entry, allowed):
    return [
        Route(name, kwargs={"code": UNIT, "pk": entry}, method=method, allowed=allowed)
        for method in ("GET", "POST")
    ]


ROUTES = [
    Route("office:catalog", kwargs={"code": UNIT}, allowed=READERS),
    Route("office:catalog-checklist", kwargs={"code": UNIT}, allowed=READERS),
    Route("office:catalog-new", kwargs={"code": UNIT}, allowed=DRAFTERS),
    Route("office:catalog-new", kwargs={"code": UNIT}, method="POST", allowed=DRAFTERS),
    Route("office:catalog-entry", kwargs={"code": UNIT, "pk": DRAFT}, allowed=READERS),
    Route(
        "office:catalog-document",
        kwargs={"code": UNIT, "pk": DRAFT, "document": InUnit(latest_document_in)},
        allowed=READERS,
    ),
    *[
        Route(
            "office:catalog-document-redact",
            kwargs={"code": UNIT, "pk": DRAFT, "document": InUnit(latest_document_in)},
            method=method,
            allowed=DRAFTERS,
        )
        for method in ("GET", "POST")
    ],
    *[
        Route(
            "office:catalog-document-retract",
            kwargs={"code": UNIT, "pk": PUBLISHED, "document": InUnit(latest_document_in)},
            method=method,
            allowed=PUBLISHERS,
        )
        for method in ("GET", "POST")
    ],
    *_both("office:catalog-edit", DRAFT, DRAFTERS),
    *_both("office:catalog-publish", DRAFT, PUBLISHERS),
    *_both("office:catalog-new-version", PUBLISHED, DRAFTERS),
    *_both("office:catalog-withdraw", PUBLISHED, PUBLISHERS),
    # Consequence tests (DIK): everyone who reads the list sees them; the PPID alone holds one.
    Route("office:catalog-exemptions", kwargs={"code": UNIT}, allowed=READERS),
    Route("office:catalog-exemption-new", kwargs={"code": UNIT}, allowed=PUBLISHERS),
    Route("office:catalog-exemption-new", kwargs={"code": UNIT}, method="POST", allowed=PUBLISHERS),
    Route("office:catalog-entry", kwargs={"code": UNIT, "pk": EXEMPT}, allowed=READERS),
    # Staff API (contract): the unit is in the multipart body; an empty body is a 422 for everyone.
    Route("/api/v1/staff/information", api=True, method="POST"),
    Route("/api/v1/staff/exemptions", api=True, method="POST"),
    Route(
        "/api/v1/staff/information/{id}/publish",
        api=True,
        kwargs={"id": DRAFT},
        method="POST",
        allowed=PUBLISHERS,
    ),
]
