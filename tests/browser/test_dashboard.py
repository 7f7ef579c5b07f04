"""The dashboard and public pages in a real browser: map, timeline and list agree, filters
live in the URL, Arabic is right-to-left, user text stays text, nothing leaves localhost."""

import re

import pytest
from playwright.sync_api import expect

from incidents.models import Actor
from tests.factories import (
    ActorFactory,
    CitationFactory,
    ClaimFactory,
    IncidentFactory,
    PlaceFactory,
    SourceArticleFactory,
)

pytestmark = pytest.mark.browser

SEED_COUNT = 8


def wait_loaded(page):
    page.wait_for_function("document.body.dataset.loading === 'false'")


def list_rows(page):
    return page.locator("#incident-list tbody tr.clickable")


def timeline_total(page) -> int:
    """Sum of the bar counts, read from each bar group's title ("date — Drone: 2, ...")."""
    titles = page.locator("#timeline svg g[data-period] > title").all_text_contents()
    return sum(int(n) for title in titles for n in re.findall(r": (\d+)", title))


def map_total(page) -> int:
    return page.evaluate("""() => [...document.querySelectorAll('#map path.cluster')].length""")


def test_seed_incidents_on_map_timeline_and_list(page, live_demo):
    page.goto("/")
    wait_loaded(page)
    expect(list_rows(page)).to_have_count(SEED_COUNT)
    assert timeline_total(page) == SEED_COUNT
    assert map_total(page) >= 1
    expect(page.locator("#status")).to_contain_text(f"{SEED_COUNT} incidents")
    assert page.errors == []


def test_a_filter_changes_all_three_and_the_url(page, live_demo):
    page.goto("/")
    wait_loaded(page)
    clusters_before = page.locator("#map").get_attribute("data-cluster-count")
    page.get_by_label("Rocket").check()
    wait_loaded(page)
    assert "weapon=rocket" in page.url
    rows = list_rows(page)
    expect(rows).to_have_count(3)
    for text in rows.locator("td:nth-child(2)").all_text_contents():
        assert "Rocket" in text
    assert timeline_total(page) == 3
    assert page.locator("#timeline rect.weapon-drone").count() == 0
    assert page.locator("#map").get_attribute("data-cluster-count") != clusters_before or (
        page.locator("#map path.weapon-drone").count() == 0
    )
    # Back restores the unfiltered view, form included.
    page.go_back()
    wait_loaded(page)
    expect(list_rows(page)).to_have_count(SEED_COUNT)
    expect(page.get_by_label("Rocket")).not_to_be_checked()


def test_a_shared_url_restores_the_view(page, live_demo):
    page.goto("/?place=baghdad-international-airport&date_from=2022-01-01&date_to=2022-01-31")
    wait_loaded(page)
    expect(page.locator("#f-place")).to_have_value("baghdad-international-airport")
    expect(page.locator("#f-date_from")).to_have_value("2022-01-01")
    # The airport's own drone attack and the rockets at Victory Base, inside it, in January.
    expect(list_rows(page)).to_have_count(2)
    assert timeline_total(page) == 2


def test_dragging_the_timeline_sets_the_period(page, live_demo):
    page.goto("/?bucket=month")
    wait_loaded(page)
    box = page.locator("#timeline svg").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 40, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.4, y, steps=5)
    page.mouse.up()
    wait_loaded(page)
    assert "date_from=" in page.url and "date_to=" in page.url
    assert page.locator("#f-date_from").input_value() != ""
    assert list_rows(page).count() < SEED_COUNT


def test_bad_filter_is_reported_not_broken(page, live_demo):
    page.goto("/?date_from=2024-01-01&date_to=2020-01-01")
    wait_loaded(page)
    expect(page.locator("#status")).to_contain_text("date_to")


def test_open_incident_base_and_actor(page, live_demo):
    page.goto("/")
    wait_loaded(page)
    page.locator("#incident-list tbody tr.clickable", has_text="Victory Base").locator("td").nth(
        2
    ).click()
    page.wait_for_url(re.compile(r"/incidents/SLV-S0000003/$"))
    expect(page.locator("h1")).to_contain_text("Victory Base")
    expect(page.locator("#mini-map path.cluster")).to_have_count(1)  # an exact site: a solid dot
    page.get_by_role("link", name="Baghdad International Airport").first.click()
    page.wait_for_url(re.compile(r"/places/baghdad-international-airport/$"))
    expect(page.locator("h1")).to_have_text("Baghdad International Airport")
    actor = Actor.objects.filter(claims__isnull=False).first()
    page.goto(actor.get_absolute_url())
    expect(page.locator("h1")).to_have_text(actor.name_en)
    assert page.errors == []


def test_approximate_place_looks_approximate(page, live_demo):
    page.goto("/incidents/SLV-S0000007/")
    if page.locator("#mini-map").get_attribute("data-precision") == "1":
        pytest.skip("demo incident 7 is exact")
    expect(page.locator("#mini-map path.precision-area")).to_have_count(1)
    expect(page.locator("[data-testid=place]")).to_contain_text("near")


def test_arabic_is_right_to_left_with_arabic_names(arabic_page, live_demo):
    page = arabic_page
    page.goto("/")
    wait_loaded(page)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    expect(page.locator("#incident-list tbody")).to_contain_text("قاعدة عين الأسد الجوية")
    page.goto("/places/ain-al-asad/")
    expect(page.locator("h1")).to_have_text("قاعدة عين الأسد الجوية")


def test_language_switcher(page, live_demo):
    page.goto("/places/")
    page.locator(".lang-switch button[value=ar]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.url.endswith("/places/")


def test_phone_width_is_usable(phone_page, live_demo):
    page = phone_page
    page.goto("/")
    wait_loaded(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, "the page scrolls sideways on a phone"
    expect(list_rows(page)).to_have_count(SEED_COUNT)


XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'


def test_payloads_render_as_text_everywhere(page, transactional_db):
    place = PlaceFactory(slug="xss-base", name_en="Base " + XSS, latitude=33.3, longitude=42.5)
    actor = ActorFactory(slug="xss-actor", name_en="Actor " + XSS)
    incident = IncidentFactory(place=place, summary_en="Summary " + XSS)
    article = SourceArticleFactory(title="Title " + XSS, text="")
    CitationFactory(incident=incident, article=article, quote="Quote " + XSS)
    ClaimFactory(incident=incident, actor=actor, source=article, quote="Claim " + XSS)

    for path in (
        "/",
        incident.get_absolute_url(),
        place.get_absolute_url(),
        actor.get_absolute_url(),
        article.get_absolute_url(),
        "/places/",
        "/actors/",
        "/sources/",
    ):
        page.goto(path)
        if path == "/":
            wait_loaded(page)
            expect(page.locator("#incident-list tbody")).to_contain_text("<script>")
            page.locator("#map path.cluster").first.click()
            popup = page.locator(".leaflet-popup-content")
            expect(popup).to_contain_text("Base <script>window.__xss=1</script>")
            assert popup.locator("img, script").count() == 0
        assert page.evaluate("window.__xss") is None, path
        assert page.locator("img[src=x]").count() == 0, path
        assert page.locator("text=<script>window.__xss=1</script>").count() >= 1, path
