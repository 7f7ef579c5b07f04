"""The assistant in the editor workspace, in a real browser and in Arabic: starting from what
seed 000 reported, an editor takes seed 001 from intake to its three attacks through the
suggestions alone: two cited for the incidents that already exist, one new draft with its
citation, which then waits in the review queue. Pointing at a value lights up its words."""

import pytest
from playwright.sync_api import expect

from incidents.models import Incident, StatusChange
from sources.models import Citation, SourceArticle
from tests.browser.test_editor import SHOTS, seed000_live, sign_in  # noqa: F401  (fixture)
from tests.editor.conftest import seed_text

pytestmark = pytest.mark.browser

HIGHLIGHTED = """() => {
  const h = CSS.highlights.get('evidence');
  return h ? [...h].map((r) => r.toString()) : [];
}"""


def test_seed_001_through_the_suggestions_in_arabic(arabic_page, seed000_live, alice, rita):  # noqa: F811
    page = arabic_page
    sign_in(page, "alice")
    page.goto("/editor/sources/new/")
    page.fill("#id_text", seed_text(1))
    page.fill("#id_published_on", "2022-01-05")
    page.select_option("#id_language", "ar")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/editor/sources/*/")
    article = SourceArticle.objects.exclude(pk=seed000_live.pk).get()

    cards = page.locator("article.suggestion")
    expect(cards).to_have_count(3)
    expect(page.get_by_role("heading", name="اقتراحات المساعد")).to_be_visible()

    # Pointing at the first card's launch count lights up the words it was read from.
    count = cards.nth(0).locator(".fact[data-evidence]").filter(has_text="4").first
    count.hover()
    assert page.evaluate(HIGHLIGHTED) == ["أربعة صواريخ"]
    # ... and so does focusing it from the keyboard.
    page.mouse.move(0, 0)
    cards.nth(0).locator(".fact[data-evidence]").first.focus()
    assert any("معسكر النصر" in words for words in page.evaluate(HIGHLIGHTED))
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "assistant-ar-workspace.png"), full_page=True)

    # The drones on Ain al-Asad are SLV-S0000001 already: cite this article for it.
    cards.nth(1).get_by_role("button", name="استشهد بهذا المقال للحادثة SLV-S0000001").click()
    expect(page.locator(".message.success")).to_contain_text("SLV-S0000001")
    # Monday's drones at the airport are SLV-S0000002 (the support center, beside Camp Victory).
    cards = page.locator("article.suggestion")
    cards.nth(2).get_by_role("button", name="استشهد بهذا المقال للحادثة SLV-S0000002").click()
    expect(page.locator(".message.success")).to_contain_text("SLV-S0000002")

    # This morning's rockets on Camp Victory are new: one step makes the draft.
    page.locator("article.suggestion").nth(0).get_by_role(
        "button", name="أنشئ مسودة من هذا الاقتراح"
    ).click()
    page.wait_for_url("**/edit/")
    new = Incident.objects.exclude(public_id__in=["SLV-S0000001", "SLV-S0000002"]).get()
    assert new.status == "draft"
    assert (new.place.slug, str(new.date_start), new.weapon) == (
        "victory-base",
        "2022-01-05",
        "rocket",
    )
    assert (new.launched, new.intercepted, new.killed, new.wounded) == (4, 3, None, None)
    (citation,) = new.citations.all()
    assert citation.article_id == article.pk and citation.quote in article.text
    assert StatusChange.objects.filter(public_id=new.public_id, to_status="draft").exists()
    assert set(
        Citation.objects.filter(article=article).values_list("incident__public_id", flat=True)
    ) == {"SLV-S0000001", "SLV-S0000002", new.public_id}
    page.screenshot(path=str(SHOTS / "assistant-ar-draft.png"), full_page=True)

    # The reviewer finds it waiting.
    page.context.clear_cookies()
    sign_in(page, "rita")
    page.goto("/editor/review/")
    expect(page.get_by_role("link", name=new.public_id)).to_be_visible()
