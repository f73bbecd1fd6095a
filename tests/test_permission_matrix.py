"""Every staff URL and endpoint against every role, in the own, a foreign and an ancestor unit.

Routes come from ``tests/matrix/entries_*.py`` (one file per area). Rules (common brief):
a role holder in the target unit is let in iff the role is allowed; the same role in a foreign
unit gets 404; with ``statistics_scope`` a holder in an ancestor unit is let in too, else 404;
the system administrator is always let in; anonymous callers are sent to sign-in (pages) or get
401 (API); a signed-in user without the second factor is sent to verification (pages).

Per-user records (``Mine`` in spec.py): the acting user's own record follows ``allowed``; another
user's record answers 404 to everyone, the system administrator included. Routes with
``fresh=True`` are called by a session that has also just re-authenticated. An empty ``allowed``
means the system administrator only (the admin site).

Coverage: every URL under office/, accounts/ (and accounts/webauthn/), admin/ (its index) and
api/v1/staff/ must have an entry, except the pages in ``OPEN_BEFORE_SECOND_FACTOR``.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
import time

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from tests import matrix
from tests.matrix.spec import ANCESTOR_UNIT, FOREIGN_UNIT, OWN_UNIT, ROLES, Route

from eppid.accounts.session import REAUTH_AT


def collect_routes() -> list[Route]:
    routes: list[Route] = []
    for module in sorted(pkgutil.iter_modules(matrix.__path__), key=lambda info: info.name):
        if module.name.startswith("entries_"):
            routes.extend(importlib.import_module(f"tests.matrix.{module.name}").ROUTES)
    return routes


ROUTES = collect_routes()
# "other": the user holds the role in the own unit and calls the route with another user's record.
WHERE_UNIT = {"own": OWN_UNIT, "foreign": FOREIGN_UNIT, "ancestor": ANCESTOR_UNIT, "other": OWN_UNIT}


def _cases():
    cases = []
    for route in ROUTES:
        for role in ROLES:
            wheres = ("own", "foreign", "ancestor") if route.per_unit else ("own",)
            if route.per_owner:
                wheres += ("other",)
            for where in wheres:
                if where == "own":
                    expected = role in route.allowed
                elif where == "ancestor":
                    expected = route.statistics_scope and role in route.allowed
                else:
                    expected = False
                cases.append((route, role, where, expected))
        cases.append((route, "superuser", "own", route.admin))
        if route.per_owner:
            cases.append((route, "superuser", "other", False))
        cases.append((route, "anonymous", "own", False))
        if not route.api:
            cases.append((route, "unverified", "own", False))
    return [
        pytest.param(
            route, who, where, expected, id=f"{route.label}-{who}@{where}-{'allow' if expected else 'deny'}"
        )
        for route, who, where, expected in cases
    ]


def _call(client, route: Route, url: str, **headers):
    if route.api:
        body = json.dumps(route.data or {})
        return client.generic(route.method, url, body, content_type="application/json", **headers)
    if route.method == "GET":
        return client.get(url, **headers)
    return client.generic(
        route.method,
        url,
        _urlencode(route.data or {}),
        content_type="application/x-www-form-urlencoded",
        **headers,
    )


def _urlencode(data: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(data, doseq=True)


def _is_sign_in_redirect(response) -> bool:
    if response.status_code not in (301, 302, 303, 307, 308):
        return False
    location = response["Location"]
    return location.startswith((reverse("accounts:login"), reverse("accounts:verify")))


def _assert_allowed(response, label):
    assert response.status_code < 500, f"{label}: server error {response.status_code}"
    assert response.status_code not in (401, 403, 404), f"{label}: refused with {response.status_code}"
    assert not _is_sign_in_redirect(response), f"{label}: sent to sign-in ({response['Location']})"


def _api_headers(user) -> dict:
    from eppid.accounts.services import api_token_create

    _token, plaintext = api_token_create(user=user, name="matrix")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def _fresh(client):
    session = client.session
    session[REAUTH_AT] = int(time.time())
    session.save()
    return client


@pytest.mark.parametrize(("route", "who", "where", "expected"), _cases())
def test_permission_matrix(route, who, where, expected, client, make_staff, verified_client):
    label = f"{route.label} as {who}@{where}"

    if who == "anonymous":
        url = route.url(OWN_UNIT, owner=make_staff("matrix-owner", (OWN_UNIT, "officer")))
        response = _call(client, route, url)
        if route.api:
            assert response.status_code == 401, label
        else:
            assert response.status_code == 302, label
            assert response["Location"].startswith(reverse("accounts:login")), label
        return

    if who == "superuser":
        user = make_staff("matrix-root", is_superuser=True, is_staff=True)
    else:
        # The user holds only this one role, in the unit named by `where`.
        role = who if who != "unverified" else "unit_admin"
        user = make_staff(f"matrix-{role}", (WHERE_UNIT[where], role))

    owner = make_staff("matrix-other-owner", (OWN_UNIT, "officer")) if where == "other" else user
    url = route.url(OWN_UNIT, owner=owner)

    if who == "unverified":
        client.force_login(user)
        if route.fresh:
            _fresh(client)
        response = _call(client, route, url)
        assert response.status_code == 302, label
        assert response["Location"].startswith(reverse("accounts:verify")), label
        return

    if route.api:
        response = _call(client, route, url, **_api_headers(user))
    else:
        signed_in = verified_client(user)
        response = _call(_fresh(signed_in) if route.fresh else signed_in, route, url)

    if expected:
        _assert_allowed(response, label)
    elif where == "own":
        assert response.status_code in (403, 404), f"{label}: expected 403/404, got {response.status_code}"
    else:
        # A unit outside the user's scope must look like it does not exist (contract section 2).
        assert response.status_code == 404, f"{label}: expected 404, got {response.status_code}"


# --- Coverage: no staff URL may be missing from the matrix ---------------------------------------


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, route, ns)
        elif isinstance(pattern, URLPattern):
            yield route, namespace, pattern.name


def _all_routes():
    # The i18n prefix follows the active language ("en/office/..."): walk the Indonesian tree.
    with translation.override("id"):
        return list(_walk(get_resolver().url_patterns))


def _normalise(path: str) -> str:
    path = path.lstrip("^").rstrip("$").lstrip("/")
    return re.sub(r"<[^>]+>|\{[^}]+\}", "{}", path)


# Staff pages that must open before sign-in or before the second factor, so they cannot require
# a verified session. Kept equal to the middleware's own list (checked below), so opening a page
# there means naming it here too.
OPEN_BEFORE_SECOND_FACTOR = frozenset(
    {
        "accounts:login",
        "accounts:verify",
        "accounts:enrol",
        "accounts:logout",
        "accounts:password-reset",
        "accounts:password-reset-done",
        "accounts:password-reset-confirm",
        "accounts:password-reset-complete",
        "accounts:passkey-js-catalog",  # the passkey script's messages, needed on the verify page
        "otp_webauthn:credential-authentication-begin",  # the passkey as the second factor
        "otp_webauthn:credential-authentication-complete",
    }
)
STAFF_PAGE_PREFIXES = ("office/", "accounts/")


def test_every_staff_page_is_in_the_matrix():
    listed = {route.target for route in ROUTES if not route.api}
    missing = []
    for route, namespace, name in _all_routes():
        if route.startswith(STAFF_PAGE_PREFIXES):
            full = f"{namespace}:{name}" if name else None
            if full is None or (full not in listed and full not in OPEN_BEFORE_SECOND_FACTOR):
                missing.append(full or route)
    assert not missing, f"Staff URLs without a permission-matrix entry: {missing}"
    assert any(target.startswith("office:") for target in listed)
    assert any(target.startswith("otp_webauthn:") for target in listed)


def test_the_open_pages_are_exactly_the_middlewares():
    from eppid.accounts.middleware import StaffVerificationMiddleware as middleware

    opened = {f"accounts:{name}" for name in middleware.OPEN_ACCOUNT_PAGES}
    opened |= {f"otp_webauthn:{name}" for name in middleware.OPEN_WEBAUTHN_PAGES}
    assert opened == OPEN_BEFORE_SECOND_FACTOR
    names = {f"{namespace}:{name}" for _route, namespace, name in _all_routes()}
    assert names >= OPEN_BEFORE_SECOND_FACTOR


def test_the_admin_index_is_in_the_matrix():
    admin_index = [route for route in ROUTES if route.target == "admin:index" and not route.api]
    assert admin_index
    assert all(not route.allowed for route in admin_index), "the admin is for system administrators only"


def _admin_urls_without_arguments() -> list[str]:
    urls = []
    for route, namespace, name in _all_routes():
        if namespace == "admin" and name and "<" not in route and "(?P" not in route:
            urls.append(reverse(f"admin:{name}"))
    return urls


def test_every_admin_page_refuses_staff_and_unverified_sessions(client, make_staff, verified_client):
    urls = _admin_urls_without_arguments()
    assert reverse("admin:index") in urls and len(urls) > 5
    officer = make_staff("matrix-admin-officer", (OWN_UNIT, "unit_admin"), is_staff=True)
    staff = verified_client(officer)
    for url in urls:
        response = staff.get(url)
        assert response.status_code in (403, 404), f"{url}: {response.status_code}"
    root = make_staff("matrix-admin-root", is_superuser=True, is_staff=True)
    unverified = client.__class__()
    unverified.force_login(root)
    for url in urls:
        if url == reverse("admin:login"):
            continue
        response = unverified.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("accounts:verify"), url


def test_every_staff_api_endpoint_is_in_the_matrix():
    listed = {_normalise(route.target) for route in ROUTES if route.api}
    missing = [
        route
        for route, _namespace, _name in _all_routes()
        if route.startswith("api/v1/staff/") and _normalise(route) not in listed
    ]
    assert not missing, f"Staff API endpoints without a permission-matrix entry: {missing}"


def test_the_matrix_walker_sees_office_routes():
    # Guards the coverage tests above against walking an empty tree and passing vacuously.
    routes = [route for route, _ns, _name in _all_routes()]
    assert "office/units/<str:code>/profile/" in routes
    assert "accounts/tokens/<int:pk>/revoke/" in routes
    assert "accounts/webauthn/registration/begin/" in routes
    assert "admin/" in routes
