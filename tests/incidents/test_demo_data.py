"""The demo catalogue is the seed articles entered as a careful editor would (truth.json)."""

import datetime as dt
import json
import os

import pytest
from django.conf import settings
from django.core.management import call_command

from incidents.models import Actor, Attribution, Claim, Incident, Place
from sources.models import Citation, Outlet, SourceArticle

FIXTURE = settings.BASE_DIR / "fixtures" / "seed_incidents.json"
MODELS = [Place, Actor, Outlet, SourceArticle, Incident, Citation, Claim, Attribution]


def _truth():
    path = settings.SALVO_SEEDS_DIR / "truth.json"
    if not path.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing in CI")
        pytest.skip(f"{path} not present (shared/ seeds live beside the repository)")
    return json.loads(path.read_text(encoding="utf-8"))


def _incidents_by_key():
    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return {
        row["key"]: Incident.objects.get(public_id=row["public_id"]) for row in fixture["incidents"]
    }


def _truth_by_key(truth):
    """Every truth incident key -> [(article file, annotation)], across the five articles."""
    reports: dict[str, list] = {}
    for article in truth["articles"]:
        for incident in article["incidents"]:
            reports.setdefault(incident["key"], []).append((article["file"], incident))
    return reports


def test_loading_twice_duplicates_nothing(demo):
    before = {model: model.objects.count() for model in MODELS}
    history_before = Incident.history.count()
    call_command("load_demo", verbosity=0)
    assert {model: model.objects.count() for model in MODELS} == before
    assert Incident.history.count() == history_before, "an unchanged reload wrote history"


def test_demo_has_the_gazetteer_and_actors_the_brief_asks_for(demo):
    assert Place.objects.count() >= 20
    assert Actor.objects.count() >= 10
    named = [
        "ain-al-asad",
        "baghdad-international-airport",
        "victory-base",
        "baghdad-diplomatic-support-center",
        "erbil-international-airport",
        "harir-air-base",
        "rumelan",
        "tower-22",
        "hay-al-jihad",
        "al-tanf",
        "balad-air-base",
        "camp-taji",
        "k1-air-base",
        "conoco",
        "green-village",
        "al-omar-oil-field",
        "al-shaddadi",
    ]
    places = {p.slug: p for p in Place.objects.filter(slug__in=named)}
    assert sorted(places) == sorted(named)
    assert all(p.name_ar and p.aliases for p in places.values())
    airport = places["baghdad-international-airport"]
    assert places["victory-base"].parent == airport
    assert places["baghdad-diplomatic-support-center"].parent == airport
    assert Place.objects.matching("معسكر النصر").get() == places["victory-base"]
    assert Actor.objects.filter(name_ar="").count() == 0
    front = Actor.objects.get(slug="ashab-al-kahf")
    assert front.parent.slug == "kataib-hezbollah"


def test_eight_incidents_with_ten_citations_as_in_truth(demo):
    truth = _truth()
    reports = _truth_by_key(truth)
    incidents = _incidents_by_key()
    assert set(incidents) == set(reports)
    assert Incident.objects.count() == 8
    assert Citation.objects.count() == 10
    for key, annotations in reports.items():
        incident = incidents[key]
        cited = set(incident.citations.values_list("article__title", flat=True))
        assert len(cited) == len(annotations), key
        first = annotations[0][1]
        expected_date = first.get("date") or first.get("known_date")
        assert incident.date_start == dt.date.fromisoformat(expected_date), key
        assert incident.date_precision == 1, key
        if not all(a.get("date") for _, a in annotations):
            assert incident.date_note, f"{key}: date from other reporting needs a note"
        assert incident.weapon == first["weapon"], key
        for field in ("launched", "intercepted", "killed", "wounded"):
            reported = {a.get(field) for _, a in annotations} - {None}
            value = getattr(incident, field)
            if reported:
                assert value in reported, f"{key}.{field}: {value} not in {reported}"
            else:
                assert value is None, f"{key}.{field} is {value} but no source says"
        assert incident.status == Incident.Status.PUBLISHED
        assert incident.summary_en and incident.summary_ar


def test_shared_attacks_are_one_incident_cited_by_both_articles(demo):
    for key, files in [
        ("2022-01-03-baghdad-airport-drones", {"seed-000", "seed-001"}),
        ("2022-01-04-ain-al-asad-drones", {"seed-000", "seed-001"}),
    ]:
        incident = _incidents_by_key()[key]
        assert incident.citations.count() == len(files)
    assert Incident.objects.filter(date_start=dt.date(2022, 1, 3)).count() == 1
    assert Incident.objects.filter(date_start=dt.date(2022, 1, 4)).count() == 1
    seed_001 = SourceArticle.objects.get(published_on=dt.date(2022, 1, 5))
    assert seed_001.citations.count() == 3


def test_seed_004_claim_is_a_claim_not_an_attribution(demo):
    incident = _incidents_by_key()["2023-10-21-ain-al-asad-drones"]
    claim = Claim.objects.get(incident=incident)
    assert claim.actor.slug == "islamic-resistance-in-iraq"
    assert claim.channel == Claim.Channel.TELEGRAM
    assert claim.source.outlet.slug == "independent-arabia"
    assert Attribution.objects.count() == 0
    assert Claim.objects.count() == 1


def test_quotes_are_short_and_found_in_their_article(demo):
    for citation in Citation.objects.select_related("article"):
        assert 0 < len(citation.quote) <= 200
        citation.full_clean()  # checks the quote against the article text when present


def test_unknown_publication_dates_stay_unknown(demo):
    unknown = SourceArticle.objects.filter(published_on__isnull=True)
    assert unknown.count() == 2
    assert all(a.published_note for a in unknown)
    assert SourceArticle.objects.get(outlet__isnull=True).published_on is None
