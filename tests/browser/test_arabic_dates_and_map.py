"""In Arabic: a period typed day first in Arabic-Indic digits filters the dashboard, a wrong
date says so and keeps what was typed, the map's controls sit on the mirrored sides, each
cluster's count sits on its circle, and the digits switch turns shown numbers to ١٢٣."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots")  # noqa: S108 - where the brief asks screenshots to be saved

# Each count label's centre and the distance to the centre of the nearest cluster circle.
LABEL_OFFSETS = """() => {
  const centre = (node) => {
    const r = node.getBoundingClientRect();
    return [r.left + r.width / 2, r.top + r.height / 2];
  };
  const circles = [...document.querySelectorAll("#map path.cluster")].map(centre);
  return [...document.querySelectorAll("#map .cluster-label")].map((label) => {
    const [x, y] = centre(label);
    return Math.min(...circles.map(([cx, cy]) => Math.hypot(cx - x, cy - y)));
  });
}"""


def query(text: str) -> re.Pattern:
    """The dashboard's address with exactly this query string."""
    return re.compile(rf"/\?{re.escape(text)}$")


def loaded(page):
    page.wait_for_function("document.body.dataset.loading === 'false'")


def rows(page) -> list[str]:
    return page.locator("#incident-list tbody tr.clickable td:first-child a").evaluate_all(
        "(links) => links.map((a) => a.getAttribute('href'))"
    )


def test_period_typed_day_first_in_arabic_indic_digits_filters(arabic_page, live_demo):
    page = arabic_page
    page.goto("/")
    loaded(page)
    assert len(rows(page)) == 8
    date_from = page.locator("#f-date_from")
    expect(date_from).to_have_attribute("placeholder", "يوم/شهر/سنة")
    date_from.fill("٠٤/٠١/٢٠٢٢")
    page.locator("#f-date_to").fill("٠٤/٠١/٢٠٢٢")
    page.locator("#f-date_to").press("Enter")
    expect(page.page).to_have_url(query("date_from=2022-01-04&date_to=2022-01-04"))
    loaded(page)
    # Ain al-Asad, 4 January 2022; Baghdad airport's attack the day before is left out.
    assert rows(page) == ["/incidents/SLV-S0000001/"]
    expect(page.locator("#incident-list tbody")).to_contain_text("يناير")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "dates-filtered-ar.png", full_page=True)

    # Reloaded from the address, the boxes show the period day first again.
    page.reload()
    loaded(page)
    expect(date_from).to_have_value("04/01/2022")
    assert rows(page) == ["/incidents/SLV-S0000001/"]

    # 3 January to 4 January typed ISO in one box and day first in the other: both incidents.
    date_from.fill("2022-01-03")
    date_from.press("Enter")
    expect(page.page).to_have_url(query("date_from=2022-01-03&date_to=2022-01-04"))
    loaded(page)
    assert sorted(rows(page)) == ["/incidents/SLV-S0000001/", "/incidents/SLV-S0000002/"]
    assert page.errors == []


def test_wrong_date_is_named_and_kept_and_nothing_changes(arabic_page, live_demo):
    page = arabic_page
    page.goto("/?date_from=2022-01-03")
    loaded(page)
    before = page.url
    box = page.locator("#f-date_to")
    box.fill("٣١/٠٢/٢٠٢٢")
    box.press("Enter")
    error = page.locator("#f-date_to-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("إلى: «٣١/٠٢/٢٠٢٢» ليس تاريخًا")
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(box).to_have_value("٣١/٠٢/٢٠٢٢")
    assert page.url == before
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "dates-error-ar.png")
    # Corrected, the error goes and the filter applies.
    box.fill("٢٨/٠٢/٢٠٢٢")
    box.press("Enter")
    expect(page.page).to_have_url(query("date_from=2022-01-03&date_to=2022-02-28"))
    expect(error).to_be_hidden()
    assert page.errors == []


def control_sides(page) -> dict:
    page.goto("/")
    loaded(page)
    expect(page.locator("#map .cluster-label").first).to_be_visible()
    map_box = page.locator("#map").bounding_box()
    middle = map_box["x"] + map_box["width"] / 2
    zoom = page.locator("#map .leaflet-control-zoom").bounding_box()
    attribution = page.locator("#map .leaflet-control-attribution").bounding_box()
    return {
        "zoom": "right" if zoom["x"] > middle else "left",
        "zoom_top": zoom["y"] < map_box["y"] + map_box["height"] / 2,
        "attribution": "right" if attribution["x"] > middle else "left",
        "attribution_bottom": attribution["y"] > map_box["y"] + map_box["height"] / 2,
    }


def test_map_controls_mirror_in_arabic(arabic_page, page, live_demo):
    SHOTS.mkdir(parents=True, exist_ok=True)
    arabic = control_sides(arabic_page)
    arabic_page.screenshot(path=SHOTS / "map-controls-ar.png")
    english = control_sides(page)
    page.screenshot(path=SHOTS / "map-controls-en.png")
    assert arabic == {
        "zoom": "right",
        "zoom_top": True,
        "attribution": "left",
        "attribution_bottom": True,
    }
    assert english == {
        "zoom": "left",
        "zoom_top": True,
        "attribution": "right",
        "attribution_bottom": True,
    }
    expect(arabic_page.locator("#map .leaflet-control-zoom-in")).to_have_attribute("title", "تكبير")
    assert arabic_page.errors == [] and page.errors == []


@pytest.mark.parametrize("fixture", ["arabic_page", "page"])
def test_cluster_counts_sit_on_their_circles(fixture, request, live_demo):
    page = request.getfixturevalue(fixture)
    page.goto("/")
    loaded(page)
    expect(page.locator("#map .cluster-label").first).to_be_visible()
    offsets = page.evaluate(LABEL_OFFSETS)
    assert offsets, "no cluster with a count on the demo map"
    assert max(offsets) < 1.5, offsets
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#map").screenshot(path=SHOTS / f"clusters-{fixture}.png")


def test_digits_switch_shows_arabic_indic_numbers_but_keeps_the_address(arabic_page, live_demo):
    page = arabic_page
    page.goto("/?date_from=2022-01-01")
    loaded(page)
    expect(page.locator("#status")).to_contain_text("6 ")
    page.get_by_role("button", name="١٢٣").click()
    page.wait_for_url("**/?date_from=2022-01-01")
    loaded(page)
    expect(page.locator("html")).to_have_attribute("data-digits", "arab")
    expect(page.locator("#status")).to_contain_text("٦ ")
    expect(page.locator("#f-date_from")).to_have_value("٠١/٠١/٢٠٢٢")
    labels = page.locator("#map .cluster-label").all_text_contents()
    assert labels and all(text and set(text) <= set("٠١٢٣٤٥٦٧٨٩٬") for text in labels), labels
    # The list's dates in Arabic-Indic digits; their links and the API calls in Western ones.
    first = page.locator("#incident-list tbody tr.clickable td:first-child a").first
    assert any(c in first.text_content() for c in "٠١٢٣٤٥٦٧٨٩")
    assert first.get_attribute("href").startswith("/incidents/SLV-S")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "digits-arab-ar.png", full_page=True)
    # The incident page, server-rendered, follows the same choice.
    first.click()
    expect(page.locator("[data-testid=date]")).to_contain_text("٢٠٢")
    page.screenshot(path=SHOTS / "digits-arab-incident-ar.png", full_page=True)
    # And back to Western digits.
    page.get_by_role("button", name="123").click()
    expect(page.locator("[data-testid=date]")).to_contain_text("202")
    assert page.errors == []
