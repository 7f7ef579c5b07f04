"""Arabic pages that read right: every public page and the editor workspace, opened in Arabic with
the demo data plus names, aliases and notes in mixed scripts, leave no user-entered text to the
page's right-to-left flow. An English note's full stop stays at its end, a mixed-script alias
does not break in the middle, and the timeline and tempo chart run from right to left."""

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import expect

from incidents.models import Actor, Incident, Place
from sources.models import Outlet, SourceArticle
from tests.factories import (
    ActorFactory,
    AttributionFactory,
    CitationFactory,
    ClaimFactory,
    IncidentFactory,
    OutletFactory,
    PlaceFactory,
    SourceArticleFactory,
)

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots")  # noqa: S108 - where the brief asks screenshots to be saved
PASSWORD = "correct horse battery"

ENGLISH_SUMMARY = "Two drones hit the hangar at Camp Mixed; no casualties were reported."
MIXED_ALIAS = "Kataib Sayyid al-Shuhada كتائب سيد الشهداء"

# Text nodes that would render wrongly: a node mixing Latin and Arabic letters, or a node holding
# one of the given left-to-right user strings inside a right-to-left flow, with no element between
# it and its nearest block that isolates it (a dir attribute or <bdi>).
UNISOLATED = """(userStrings) => {
  const latin = /[A-Za-z]/, arabic = /[\\u0600-\\u06FF]/;
  const skip = new Set(["SCRIPT", "STYLE", "TITLE", "TEMPLATE", "NOSCRIPT", "TEXTAREA"]);
  const isolated = (node) => {
    for (let el = node.parentElement; el && el !== document.body; el = el.parentElement) {
      if (el.hasAttribute("dir") || el.tagName === "BDI") return true;
      const display = getComputedStyle(el).display;
      const inline = display.startsWith("inline") || display === "none" || display === "contents";
      if (!inline) return false;
    }
    return false;
  };
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.data.trim();
    const parent = node.parentElement;
    if (!text || !parent || skip.has(parent.tagName.toUpperCase())) continue;
    const mixed = latin.test(text) && arabic.test(text);
    const rtl = getComputedStyle(parent).direction === "rtl";
    const truncated = (s) => text.endsWith("…") && s.startsWith(text.slice(0, -1));
    const userLtr = rtl && !arabic.test(text) &&
      userStrings.some((s) => text.includes(s) || truncated(s));
    if ((mixed || userLtr) && !isolated(node)) {
      const where = parent.tagName.toLowerCase() + (parent.className ? `.${parent.className}` : "");
      found.push(`<${where}> ${text.slice(0, 80)}`);
    }
  }
  return found;
}"""


def ltr_user_strings() -> list[str]:
    """Every left-to-right text an editor typed (no Arabic letter in it), as the pages show it."""
    values = []
    for model, fields in [
        (Place, ["name_en", "name_ar", "notes", "admin1"]),
        (Actor, ["name_en", "name_ar", "description"]),
        (Outlet, ["name_en", "name_ar"]),
        (SourceArticle, ["title"]),
        (
            Incident,
            ["summary_en", "date_note", "location_note", "casualty_note", "damage_detail"]
            + ["launch_site", "weapon_detail", "defence_system", "time_note"],
        ),
    ]:
        for row in model.objects.values_list(*fields):
            values += row
    for model in (Place, Actor):
        for aliases in model.objects.values_list("aliases", flat=True):
            values += aliases or []
    return sorted(
        {
            v.strip()
            for v in values
            if v and len(v.strip()) >= 3 and not any("\u0600" <= c <= "\u06ff" for c in v)
        }
    )


@pytest.fixture
def mixed_scripts(live_demo):
    """A base with no Arabic name and a mixed-script alias, an actor known by names in both
    scripts, an incident with English-only notes, cited from an English outlet's article."""
    place = PlaceFactory(
        slug="camp-mixed",
        name_en="Camp Mixed (T-1)",
        name_ar="",
        aliases=["Mixed Airfield", "معسكر ميكسد", "Camp ميكسد"],
        admin1="Salah ad-Din",
        notes="Former US site, handed over in 2020.",
    )
    actor = ActorFactory(
        slug="mixed-front",
        name_en="Mixed Front",
        name_ar="جبهة ميكسد",
        aliases=[MIXED_ALIAS, "KSS"],
        description="A front group that claims on Telegram.",
    )
    outlet = OutletFactory(slug="wire-en", name_en="Wire News", name_ar="")
    article = SourceArticleFactory(
        title="Drones hit Camp Mixed hangar", outlet=outlet, language="en", text=ENGLISH_SUMMARY
    )
    incident = IncidentFactory(
        place=place,
        date_start=dt.date(2022, 3, 9),
        summary_en=ENGLISH_SUMMARY,
        summary_ar="",
        date_note="Night of 8 to 9 March.",
        location_note="Hangar area, north side.",
        casualty_note="None reported by US officials.",
        damage_detail="One hangar roof.",
        launch_site="Orchards east of the camp",
        weapon_detail="Shahed-type",
        killed=0,
        wounded=0,
    )
    CitationFactory(incident=incident, article=article, quote="Two drones hit the hangar")
    ClaimFactory(incident=incident, actor=actor, source=article, quote="KSS: we struck Camp Mixed.")
    AttributionFactory(incident=incident, actor=actor, attributed_by_detail="US CENTCOM")
    return {"place": place, "actor": actor, "article": article, "incident": incident}


def sign_in(page, username):
    page.goto("/editor/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url("**/editor/")


def unisolated_text(page, path, shot, strings) -> list[str]:
    response = page.goto(path)
    assert response.status == 200, path
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    if path == "/":
        page.wait_for_function("document.body.dataset.loading === 'false'")
    page.screenshot(path=SHOTS / f"bidi-{shot}-ar.png", full_page=True)
    return page.evaluate(UNISOLATED, strings)


def test_every_page_in_arabic_isolates_user_text(arabic_page, mixed_scripts, alice):
    page = arabic_page
    SHOTS.mkdir(parents=True, exist_ok=True)
    strings = ltr_user_strings()
    incident, place, actor = (
        mixed_scripts["incident"],
        mixed_scripts["place"],
        mixed_scripts["actor"],
    )
    demo = Incident.objects.published().exclude(pk=incident.pk).order_by("date_start").first()
    public = {
        "dashboard": "/",
        "incident": incident.get_absolute_url(),
        "incident-demo": demo.get_absolute_url(),
        "places": "/places/",
        "place": place.get_absolute_url(),
        "place-demo": demo.place.get_absolute_url(),
        "actors": "/actors/",
        "actor": actor.get_absolute_url(),
        "sources": "/sources/",
        "source": mixed_scripts["article"].get_absolute_url(),
    }
    found = {path: unisolated_text(page, path, shot, strings) for shot, path in public.items()}
    sign_in(page, "alice")
    editor = {
        "editor": "/editor/",
        "editor-source": f"/editor/sources/{mixed_scripts['article'].pk}/",
        "editor-incident": f"/editor/incidents/{incident.public_id}/",
        "editor-history": f"/editor/incidents/{incident.public_id}/history/",
    }
    found |= {path: unisolated_text(page, path, shot, strings) for shot, path in editor.items()}
    unisolated = [f"{path}: {node}" for path, nodes in found.items() for node in nodes]
    assert unisolated == [], "\n".join(unisolated)
    assert page.errors == []


BAR_LEFT = """(selector) => [...document.querySelectorAll(selector)]
  .map((node) => node.getBoundingClientRect().left)"""


def test_timeline_and_tempo_run_right_to_left_in_arabic(arabic_page, live_demo):
    page = arabic_page
    page.goto("/?bucket=month")
    page.wait_for_function("document.body.dataset.loading === 'false'")
    periods = page.locator("#timeline svg g[data-period]")
    first, last = periods.first, periods.last
    # The oldest month is the rightmost bar, the newest the leftmost.
    assert first.bounding_box()["x"] > last.bounding_box()["x"]
    with_bars = page.locator("#timeline svg g[data-period]:has(rect)")
    oldest_bar = with_bars.first.locator("rect").first.bounding_box()
    newest_bar = with_bars.last.locator("rect").first.bounding_box()
    assert oldest_bar["x"] > newest_bar["x"]
    # Dragging from the right edge selects the oldest months.
    box = page.locator("#timeline svg").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] - 40, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.6, y, steps=5)
    page.mouse.up()
    page.wait_for_function("document.body.dataset.loading === 'false'")
    # The box shows it day first; the address holds it as ISO.
    year, month, day = first.get_attribute("data-period").split("-")
    assert page.locator("#f-date_from").input_value() == f"{day}/{month}/{year}"
    assert f"date_from={first.get_attribute('data-period')}" in page.url

    # The base page's tempo chart: first month on the right, under its label.
    page.goto("/places/ain-al-asad/")
    lefts = page.evaluate(BAR_LEFT, ".tempo-chart rect")
    assert len(lefts) > 1 and lefts[0] > lefts[-1]
    labels = page.evaluate(BAR_LEFT, ".tempo-axis span")
    assert labels[0] > labels[-1]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "bidi-tempo-ar.png", full_page=True)
    assert page.errors == []
