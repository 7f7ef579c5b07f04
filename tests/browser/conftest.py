"""Shared browser fixtures: Debian's chromium driven by Playwright against pytest-django's
live_server, offline (no tile server), with every request leaving localhost recorded and
aborted so a test can assert that none did."""

import os
import shutil
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.conftest import OFFLINE_SETTINGS

# CI runs the SQLite and PostgreSQL suites side by side on two cores: a page that answers in
# 1 s alone can take several under that load. Wait up to 15 s before calling a check failed.
expect.set_options(timeout=15_000)

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
# inside one unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{CHROMIUM} is missing: browser tests must run in CI.")
        pytest.skip(f"{CHROMIUM} is missing (install Debian's chromium to run browser tests).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def offline_site(settings):
    """Plain-HTTP cookies for the live server; tests/conftest.py already takes away the tile
    layer and the static manifest, so the page must work offline."""
    for name, value in OFFLINE_SETTINGS.items():
        setattr(settings, name, value)


class Page:
    """A Playwright page plus what it tried to fetch outside localhost and the script errors
    it raised."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.external_requests: list[str] = []
        self.errors: list[str] = []

    def goto(self, path: str):
        return self.page.goto(self.base_url + path)

    def __getattr__(self, name):
        return getattr(self.page, name)


def _make_page(browser, live_server, viewport, language=None):
    context = browser.new_context(viewport=viewport)
    if language:
        cookie = {"name": "django_language", "value": language, "url": live_server.url}
        context.add_cookies([cookie])
    raw = context.new_page()
    page = Page(raw, live_server.url)

    def guard(route):
        host = urlsplit(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            page.external_requests.append(route.request.url)
            route.abort()

    raw.route("**/*", guard)
    raw.on("pageerror", lambda error: page.errors.append(str(error)))
    return context, page


@pytest.fixture
def page(browser, live_server):
    context, page = _make_page(browser, live_server, {"width": 1280, "height": 800})
    yield page
    context.close()
    assert page.external_requests == [], "requests left localhost"


@pytest.fixture
def arabic_page(browser, live_server):
    context, page = _make_page(browser, live_server, {"width": 1280, "height": 800}, "ar")
    yield page
    context.close()
    assert page.external_requests == [], "requests left localhost"


@pytest.fixture
def phone_page(browser, live_server):
    context, page = _make_page(browser, live_server, {"width": 390, "height": 844})
    yield page
    context.close()
    assert page.external_requests == [], "requests left localhost"


@pytest.fixture
def live_demo(transactional_db):
    """The demo catalogue, committed so the live server's thread sees it."""
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
