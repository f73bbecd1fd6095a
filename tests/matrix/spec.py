"""The vocabulary of the permission matrix: one ``Route`` per staff URL or endpoint.

Each area lists its routes in ``tests/matrix/entries_<area>.py`` as ``ROUTES = [...]``;
``tests/test_permission_matrix.py`` collects them all and checks every role against them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ROLES = ("officer", "ppid", "superior", "unit_admin", "auditor")
ALL_STAFF = frozenset(ROLES)
UNIT = "<unit>"  # replaced by the target unit's code


@dataclass(frozen=True)
class InUnit:
    """A URL argument naming an object of the target unit: ``factory(unit_code)`` makes it.

    Use it for pages about one record (a closure day, later a request or an objection): the
    matrix then checks that the record's unit, not the URL's shape, decides who gets in.
    """

    factory: object

    def resolve(self, unit_code: str):
        return self.factory(unit_code)


@dataclass(frozen=True)
class Mine:
    """A URL argument naming a record that belongs to one user: ``factory(user)`` makes it.

    Use it for per-user records (an API token, a passkey). The matrix calls the route with the
    acting user's own record (allowed as ``allowed`` says) and with another user's record, which
    must answer 404 for everyone, the system administrator included: these pages manage only
    one's own things (the admin site is where a system administrator handles other people's).
    """

    factory: object

    def resolve(self, owner):
        return self.factory(owner)


OWN_UNIT = "35.04"
ANCESTOR_UNIT = "35"
FOREIGN_UNIT = "32.01"


@dataclass(frozen=True)
class Route:
    target: str  # a URL name ("office:unit") or, with api=True, a path ("/api/v1/staff/{unit}/...")
    kwargs: dict = field(default_factory=dict)
    allowed: frozenset = ALL_STAFF
    method: str = "GET"
    statistics_scope: bool = False
    api: bool = False
    data: dict | None = None  # POST body; empty by default (a form error or 422 still counts as allowed)
    # The session has also just re-authenticated (password and code again): for pages behind
    # accounts' reauth_required, which otherwise answer every caller with the same redirect.
    fresh: bool = False
    # The system administrator is let in (the default). False for acts the law reserves to a
    # role of the unit itself (deciding an objection is the superior's alone): then 403.
    admin: bool = True

    def __post_init__(self):
        unknown = set(self.allowed) - ALL_STAFF
        if unknown:
            raise ValueError(f"{self.target}: unknown roles {sorted(unknown)}")
        object.__setattr__(self, "allowed", frozenset(self.allowed))
        object.__setattr__(self, "method", self.method.upper())

    @property
    def per_unit(self) -> bool:
        if self.api and "{unit}" in self.target:
            return True
        return any(value == UNIT or isinstance(value, InUnit) for value in self.kwargs.values())

    @property
    def per_owner(self) -> bool:
        return any(isinstance(value, Mine) for value in self.kwargs.values())

    @property
    def label(self) -> str:
        return f"{self.method} {self.target}"

    def url(self, unit_code: str, owner=None) -> str:
        if self.api:
            path = self.target.replace("{unit}", unit_code)
            for key, value in self.kwargs.items():
                path = path.replace("{" + key + "}", str(_argument(value, unit_code, owner)))
            return path
        from django.urls import reverse

        kwargs = {key: _argument(value, unit_code, owner) for key, value in self.kwargs.items()}
        return reverse(self.target, kwargs=kwargs)


def _argument(value, unit_code: str, owner):
    if isinstance(value, InUnit):
        return value.resolve(unit_code)
    if isinstance(value, Mine):
        return value.resolve(owner)
    return unit_code if value == UNIT else value
