"""Security headers, production cookies and HSTS, no third-party hosts, and the CSS budget."""

import gzip
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from tests.production_keys import production_keys_env

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "eppid"
CSS = SRC / "static" / "eppid" / "site.css"
CSS_BUDGET_GZIPPED = 15 * 1024

# Plain links (never src, action or CSS) may point to the official texts of the law.
LEGAL_SOURCE_HOSTS = {"peraturan.bpk.go.id", "jdih.bawaslu.go.id", "peraturan.go.id"}


def csp_directives(header):
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.mark.parametrize("url", ["/", "/en/", "/accounts/login/", "/no-such-page/"])
def test_content_security_policy_is_strict(db, client, url):
    response = client.get(url)
    csp = csp_directives(response.headers["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp.get("style-src", [])
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    for sources in csp.values():
        assert "'unsafe-eval'" not in sources
        assert "*" not in sources


@pytest.mark.parametrize("url", ["/", "/en/accounts/login/", "/no-such-page/"])
def test_browser_security_headers(db, client, url):
    headers = client.get(url).headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def permissions_policy(header: str) -> dict[str, str]:
    """``camera=(), publickey-credentials-get=(self)`` as {feature: allowlist}."""
    policy = {}
    for part in header.split(","):
        feature, _, allowlist = part.strip().partition("=")
        policy[feature] = allowlist
    return policy


DENIED_FEATURES = (
    "camera",
    "microphone",
    "geolocation",
    "payment",
    "usb",
    "serial",
    "hid",
    "midi",
    "display-capture",
    "accelerometer",
    "gyroscope",
    "magnetometer",
    "autoplay",
    "screen-wake-lock",
    "idle-detection",
    "xr-spatial-tracking",
)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/en/accounts/login/",
        "/no-such-page/",
        "/api/v1/units",
        "/api/v1/staff/me",  # 401 problem+json
        "/api/v1/no-such-endpoint",
        "/static/eppid/site.css",  # served by WhiteNoise, before any view
    ],
)
def test_every_response_denies_powerful_features_and_allows_passkeys(db, client, url):
    response = client.get(url)
    policy = permissions_policy(response.headers["Permissions-Policy"])
    for feature in DENIED_FEATURES:
        assert policy.get(feature) == "()", feature
    assert policy["publickey-credentials-get"] == "(self)"
    assert policy["publickey-credentials-create"] == "(self)"
    if hasattr(response, "streaming_content"):
        response.close()


PRODUCTION_PROBE = """
import json, os, sys
sys.path.insert(0, os.environ["PROBE_SRC"])
os.environ["DJANGO_SETTINGS_MODULE"] = "eppid.settings"
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
call_command("collectstatic", verbosity=0, interactive=False)
from django.test import Client
client = Client(HTTP_HOST="eppid.example.go.id", raise_request_exception=False)
login = client.get("/accounts/login/", secure=True)
plain = client.get("/", secure=False)
missing = client.get("/no-such-page/", secure=True)
print(json.dumps({
    "login_status": login.status_code,
    "headers": dict(login.headers),
    "cookies": {name: {"secure": bool(m["secure"]), "path": m["path"], "domain": m["domain"],
                       "httponly": bool(m["httponly"])} for name, m in login.cookies.items()},
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location", ""),
    "missing_status": missing.status_code,
    "missing_body": missing.content.decode(),
    "session_cookie": [settings.SESSION_COOKIE_NAME, settings.SESSION_COOKIE_SECURE,
                       settings.SESSION_COOKIE_DOMAIN],
    "debug": settings.DEBUG,
}))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("production")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("EPPID_", "DATABASE_URL", "REDIS_URL", "DJANGO_"))
    }
    env.update(
        EPPID_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="eppid.example.go.id",
        EMAIL_URL="smtp://mail.example.go.id:587",
        REDIS_URL="redis://127.0.0.1:6379/14",
        EPPID_WEBAUTHN_RP_ID="eppid.example.go.id",
        EPPID_WEBAUTHN_ORIGINS="https://eppid.example.go.id",
        **production_keys_env(data_dir),
        EPPID_DATA_DIR=str(data_dir),
        EPPID_STATIC_ROOT=str(data_dir / "static"),
        PROBE_SRC=str(ROOT / "src"),
    )
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        env=env,
        cwd=data_dir,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sends_hsts_with_subdomains(production):
    assert production["login_status"] == 200
    hsts = production["headers"]["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts
    assert "includeSubDomains" in hsts


def test_production_redirects_plain_http_to_https(production):
    assert production["plain_status"] == 301
    assert production["plain_location"].startswith("https://")


def test_production_cookies_are_host_only_and_secure(production):
    csrf = production["cookies"]["__Host-csrftoken"]
    assert csrf["secure"] is True
    assert csrf["path"] == "/"
    assert not csrf["domain"]
    name, secure, domain = production["session_cookie"]
    assert name.startswith("__Host-")
    assert secure is True
    assert domain is None


def test_production_error_page_is_ours_and_debug_is_off(production):
    assert production["debug"] is False
    assert production["missing_status"] == 404
    assert '<a class="skip-link" href="#main">' in production["missing_body"]
    assert "Traceback" not in production["missing_body"]


ATTRIBUTE_URL = re.compile(
    r"""\b(href|src|srcset|action|formaction|poster|data)\s*=\s*["']?\s*((?:https?:)?//[^"'\s>]+)""", re.I
)
CSS_URL = re.compile(r"""(@import|url\(\s*["']?\s*(?:https?:)?//)""", re.I)


def external_references(text):
    """(attribute, url) pairs that would make a browser talk to, or send a user to, another host."""
    problems = []
    for attribute, url in ATTRIBUTE_URL.findall(text):
        host = urlsplit(url if "://" in url else "https:" + url).hostname
        if attribute.lower() == "href" and host in LEGAL_SOURCE_HOSTS:
            continue
        problems.append((attribute, url))
    return problems


def test_the_detector_catches_external_references():
    assert external_references('<script src="https://cdn.example.com/x.js"></script>')
    assert external_references("<link href='//fonts.example.com/css'>")
    assert external_references('<form action="http://evil.example/">')
    assert not external_references('<a href="https://peraturan.bpk.go.id/Details/1">UU</a>')
    assert not external_references('<a href="/units/">units</a>')
    assert CSS_URL.search("body{background:url(https://x.example/a.png)}")
    assert CSS_URL.search('@import "x.css";')


def test_no_template_or_static_file_references_another_host():
    files = [*SRC.rglob("*.html"), *SRC.rglob("*.js"), *SRC.rglob("*.txt")]
    assert any(path.name == "base.html" for path in files)
    problems = {
        str(path.relative_to(ROOT)): found
        for path in files
        if (found := external_references(path.read_text(encoding="utf-8")))
    }
    assert not problems, problems


def test_stylesheets_load_nothing_from_elsewhere():
    sheets = list(SRC.rglob("*.css"))
    assert CSS in sheets
    for sheet in sheets:
        assert not CSS_URL.search(sheet.read_text(encoding="utf-8")), sheet


def test_css_fits_the_budget():
    size = len(gzip.compress(CSS.read_bytes(), compresslevel=9))
    assert 0 < size <= CSS_BUDGET_GZIPPED, f"site.css is {size} bytes gzipped"


@pytest.mark.django_db
def test_page_links_our_stylesheet_and_it_is_served(client):
    body = client.get("/").content.decode()
    match = re.search(r'<link rel="stylesheet" href="([^"]+)">', body)
    assert match
    assert match.group(1).endswith("site.css")
    served = client.get(match.group(1))
    assert served.status_code == 200
    try:
        assert b"--focus" in b"".join(served.streaming_content)
    finally:
        served.close()
