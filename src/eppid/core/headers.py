"""Response headers every answer carries, whatever produced it (a view, the API, WhiteNoise)."""

from __future__ import annotations

from django.conf import settings


def permissions_policy_header(policy: dict[str, tuple[str, ...]]) -> str:
    """{"camera": (), "publickey-credentials-get": ("self",)} -> ``camera=(), publickey-...=(self)``."""
    return ", ".join(f"{feature}=({' '.join(allowlist)})" for feature, allowlist in policy.items())


class PermissionsPolicyMiddleware:
    """Sets ``Permissions-Policy`` (settings.EPPID_PERMISSIONS_POLICY) on every response.

    First in the middleware list, so static files served by WhiteNoise and the HTTPS redirect get it
    too. A response that already names a policy keeps its own.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(settings.EPPID_PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response
