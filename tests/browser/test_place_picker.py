"""The dashboard's place filter is typed, not scrolled: a combobox over the places API that
matches names in either script and other names, driven from the keyboard, in English and in
Arabic, and that shows the chosen place's name whenever the slug comes from elsewhere."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_dashboard import SEED_COUNT, list_rows, timeline_total, wait_loaded

pytestmark = pytest.mark.browser


def combobox(page):
    return page.locator("#f-place-text")


def pick_with_keyboard(page, text, option_text):
    box = combobox(page)
    box.click()
    box.press_sequentially(text, delay=30)
    options = page.locator("#f-place-options li[role=option][data-slug]")
    expect(options.first).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    # Arrow down to the wanted option; aria-activedescendant follows.
    for _ in range(options.count()):
        box.press("ArrowDown")
        active = page.locator("#f-place-options li[aria-selected=true]")
        expect(box).to_have_attribute("aria-activedescendant", active.get_attribute("id"))
        if option_text in active.inner_text():
            break
    else:
        raise AssertionError(f"{option_text!r} not offered for {text!r}")
    box.press("Enter")
    expect(box).to_have_attribute("aria-expanded", "false")
    wait_loaded(page)


def data_requests(page):
    """The map's and the list's API requests, as they are made."""
    urls = []
    page.on("request", lambda request: urls.append(request.url))
    return urls


def assert_filtered(urls, slug):
    for endpoint in ("/api/v1/incidents/clusters/", "/api/v1/incidents/?"):
        made = [url for url in urls if endpoint in url]
        assert made and f"place={slug}" in made[-1], (endpoint, made)


def assert_airport_only(page, urls):
    # The airport's own attack and the ones at Victory Base, inside it.
    assert "place=baghdad-international-airport" in page.url
    assert_filtered(urls, "baghdad-international-airport")
    expect(page.locator("#f-place")).to_have_value("baghdad-international-airport")
    rows = list_rows(page)
    assert 0 < rows.count() < SEED_COUNT
    assert timeline_total(page) == rows.count()
    assert int(page.locator("#map").get_attribute("data-cluster-count") or 0) >= 1


def test_type_an_alias_and_pick_with_the_keyboard(page, live_demo):
    urls = data_requests(page)
    page.goto("/")
    wait_loaded(page)
    expect(list_rows(page)).to_have_count(SEED_COUNT)
    # "BIAP" is only an alias of Baghdad International Airport.
    pick_with_keyboard(page, "BIAP", "Baghdad International Airport")
    expect(combobox(page)).to_have_value("Baghdad International Airport")
    assert_airport_only(page, urls)
    combobox(page).fill("")
    wait_loaded(page)
    assert "place=" not in page.url  # clearing the text clears the filter
    expect(list_rows(page)).to_have_count(SEED_COUNT)
    assert page.errors == []


def test_type_english_name_and_escape_and_click(page, live_demo):
    page.goto("/")
    wait_loaded(page)
    box = combobox(page)
    box.click()
    box.press_sequentially("ain al", delay=30)
    option = page.locator("#f-place-options li[data-slug=ain-al-asad]")
    expect(option).to_be_visible()
    expect(option).to_contain_text("Anbar")
    expect(option).to_contain_text("Iraq")
    box.press("Escape")
    expect(page.locator("#f-place-options")).to_be_hidden()
    expect(box).to_have_value("")
    assert "place=" not in page.url
    box.press_sequentially("asad", delay=30)
    option.click()
    wait_loaded(page)
    assert "place=ain-al-asad" in page.url
    rows = list_rows(page)
    assert 0 < rows.count() < SEED_COUNT
    for place in rows.locator("td:nth-child(3)").all_text_contents():
        assert "Ain al-Asad Air Base" in place
    expect(box).to_have_value("Ain al-Asad Air Base")
    # Nothing matches: said so, and nothing chosen.
    box.fill("zzzzqqq")
    expect(page.locator("#f-place-options")).to_contain_text("No place matches")
    box.press("Enter")
    assert "place=ain-al-asad" in page.url
    assert page.errors == []


def test_arabic_script_and_an_arabic_alias(arabic_page, live_demo):
    page = arabic_page
    urls = data_requests(page)
    page.goto("/")
    wait_loaded(page)
    pick_with_keyboard(page, "مطار بغداد", "مطار بغداد الدولي")
    expect(combobox(page)).to_have_value("مطار بغداد الدولي")
    assert_airport_only(page, urls)
    # Victory Base by one of its Arabic other names ("معسكر النصر" = Camp Nasr).
    combobox(page).fill("")
    wait_loaded(page)
    pick_with_keyboard(page, "معسكر النصر", "قاعدة فكتوري")
    assert "place=victory-base" in page.url
    assert_filtered(urls, "victory-base")
    expect(list_rows(page)).to_have_count(1)
    expect(combobox(page)).to_have_value("قاعدة فكتوري (معسكر النصر)")
    expect(page.locator("#f-place-options li bdi[dir=auto]").first).to_be_attached()
    assert page.errors == []


def test_arabic_hint_and_no_match_message(arabic_page, live_demo):
    page = arabic_page
    page.goto("/")
    wait_loaded(page)
    combobox(page).fill("zzzzqqq")
    expect(page.locator("#f-place-options")).to_contain_text("لا يطابق")


def test_a_shared_link_shows_the_place_name(page, live_demo):
    urls = data_requests(page)
    page.goto("/?place=baghdad-international-airport")
    wait_loaded(page)
    expect(combobox(page)).to_have_value("Baghdad International Airport")
    assert_airport_only(page, urls)


def test_a_slug_set_from_elsewhere_shows_its_name(arabic_page, live_demo):
    # As the map's "Show only this place" and back/forward do: the hidden value changes.
    page = arabic_page
    page.goto("/?place=baghdad-international-airport")
    wait_loaded(page)
    expect(combobox(page)).to_have_value("مطار بغداد الدولي")
    page.evaluate("document.getElementById('f-place').value = 'ain-al-asad'")
    expect(combobox(page)).to_have_value("قاعدة عين الأسد الجوية")
    page.goto("/")
    wait_loaded(page)
    pick_with_keyboard(page, "عين الأسد", "قاعدة عين الأسد الجوية")
    assert "place=ain-al-asad" in page.url
    page.go_back()
    wait_loaded(page)
    expect(combobox(page)).to_have_value("")
    page.go_forward()
    wait_loaded(page)
    expect(combobox(page)).to_have_value("قاعدة عين الأسد الجوية")
    assert page.errors == []
