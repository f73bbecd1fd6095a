"""Browser fixtures for every area: Debian's Chromium driven by sync Playwright, and axe-core.

Use them from any test in tests/browser/:

    @pytest.mark.browser
    @pytest.mark.django_db(transaction=True)
    def test_my_page(page, live_server, axe_check):
        page.goto(live_server.url + "/my/page/")
        axe_check(page)

Pages without JavaScript (the citizen's pages must work so): the ``no_js_page`` fixture, checked
with ``axe_no_js(page)``. Shared helpers (form submits, officer sign-in) are in browser_support.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tests.browser.browser_support import ACTION_TIMEOUT, NAVIGATION_TIMEOUT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]

# axe-core rule tags we hold every page to: WCAG 2.0-2.2 A and AA, plus axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture
def browser(live_server, monkeypatch):
    """Chromium for one test.

    Per test rather than per session: Playwright's sync API keeps an asyncio loop running in
    this thread while it is open, and Django refuses ORM calls under a running loop. Closing it
    after each test keeps that effect inside the browser tests; within them, the ORM calls the
    test itself makes are synchronous, so the guard is lifted for the test's duration only.
    """
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: run `make system-deps` (we never download a browser)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def new_tab(browser, live_server, **options):
    """A page in a fresh context (no cookies) whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server.url, locale="id-ID", **options)
    context.set_default_timeout(ACTION_TIMEOUT)
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT)
    return context.new_page()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (no cookies) per test; relative URLs go to the live server."""
    tab = new_tab(browser, live_server)
    yield tab
    tab.context.close()


@pytest.fixture
def no_js_page(browser, live_server):
    """Like ``page``, but JavaScript is off: what a citizen on a script-less browser gets."""
    tab = new_tab(browser, live_server, java_script_enabled=False)
    yield tab
    tab.context.close()


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- [{violation.get('impact')}] {violation['id']}: {violation['help']}")
        lines.append(f"  {violation.get('helpUrl', '')}")
        for node in violation.get("nodes", [])[:10]:
            target = " ".join(str(part) for part in node.get("target", []))
            lines.append(f"    at {target}")
            lines.append(f"       {node.get('html', '')[:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n       ")
            if summary:
                lines.append(f"       {summary}")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def axe_check(axe):
    """axe_check(page) runs axe-core on the page as it is now and fails on any violation."""

    def check(tab, *, context=None):
        options = {"resultTypes": ["violations"], "runOnly": {"type": "tag", "values": AXE_TAGS}}
        results = axe.run(tab, context=context, options=options)
        violations = results.response.get("violations", [])
        assert not violations, format_violations(tab.url, violations)
        return results

    return check


@pytest.fixture
def axe_no_js(browser, live_server, axe_check):
    """axe_no_js(page): axe-core on exactly the HTML the JavaScript-less browser shows.

    axe is a script, and a context without JavaScript never runs one (evaluate waits forever), so
    the page's current document is served, at its own URL, to a second context that has JavaScript
    (stylesheets still come from the live server), and axe runs there.
    """
    checker = new_tab(browser, live_server)

    def check(page):
        page.wait_for_load_state("load")  # never the blank document of a navigation under way
        html, url = page.content(), page.url

        def serve(route):
            route.fulfill(status=200, body=html, content_type="text/html; charset=utf-8")

        checker.route(url, serve)
        try:
            checker.goto(url)
            axe_check(checker)
        finally:
            checker.unroute(url, serve)

    yield check
    checker.context.close()
