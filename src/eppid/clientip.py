"""The client's address, one rule for every per-address limit (django-ratelimit and django-axes).

Behind ``EPPID_PROXY_COUNT`` trusted reverse proxies, each proxy appends the address it saw to
``X-Forwarded-For``; the N-th entry from the right is the one the outermost trusted proxy saw,
and anything to its left was written by the client and is not trusted. With no proxy, or a
header that is missing or not an address, ``REMOTE_ADDR`` stands.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    # An unknown peer is one bucket of its own; the address is a rate-limit key, never bound.
    remote = request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104  # nosec B104
    count = getattr(settings, "EPPID_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < count:
        return remote
    candidate = hops[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
