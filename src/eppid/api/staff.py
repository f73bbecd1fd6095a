"""Staff endpoints: every one needs a Bearer token and acts with that user's roles."""

from __future__ import annotations

from ninja import Router, Schema

from eppid.accounts.selectors import staff_profile
from eppid.api.auth import token_auth

router = Router(auth=token_auth, tags=["staff"])


class UnitRolesOut(Schema):
    code: str
    name: str
    roles: list[str]


class MeOut(Schema):
    username: str
    full_name: str
    is_admin: bool
    units: list[UnitRolesOut]


@router.get("/me", response=MeOut, summary="The token's user, with their roles per unit")
def me(request):
    return staff_profile(request.auth)
