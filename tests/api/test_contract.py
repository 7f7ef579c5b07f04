"""The API's contract as another tool's developer meets it: a client generated with
openapi-python-client from the live /api/v1/schema/ (into a temporary folder, no hand edits)
reads every public endpoint of a live server. A response the generated models cannot parse, or
one carrying a field the schema does not declare, fails here; so does a schema the generator
cannot turn into working calls (as `weapon` declared as one value once did)."""

import datetime as dt
import importlib
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import attrs
import pytest
import requests

from incidents.models import Incident
from incidents.services import incident_retract
from tests.factories import CitationFactory, IncidentFactory, PlaceFactory

PACKAGE = "salvo_api_client"  # openapi-python-client's name for a schema titled "Salvo API"


@pytest.fixture(scope="session")
def client_folder(tmp_path_factory):
    """Where the generated package goes, importable for the session."""
    folder = tmp_path_factory.mktemp("client")
    sys.path.insert(0, str(folder))
    yield folder
    sys.path.remove(str(folder))
    for name in [m for m in sys.modules if m.split(".")[0] == PACKAGE]:
        del sys.modules[name]


@pytest.fixture
def generated(live_server, client_folder, transactional_db):
    """The package generated from the live server's schema, once per session. (Function
    scope only because the live server may touch the database only inside a test.)"""
    if not (client_folder / PACKAGE).exists():
        _generate(f"{live_server.url}/api/v1/schema/?format=json", client_folder)
    return importlib.import_module(PACKAGE)


def _generate(schema_url: str, folder: Path) -> None:
    schema = folder / "schema.json"
    response = requests.get(schema_url, timeout=30)
    response.raise_for_status()
    schema.write_bytes(response.content)
    venv_bin = Path(sys.executable).parent
    # The generator formats its output with ruff; ruff comes with the dev dependencies.
    env = {**os.environ, "PATH": f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '')}"}
    run = subprocess.run(
        [
            venv_bin / "openapi-python-client",
            "generate",
            "--path",
            schema,
            "--meta",
            "none",
            "--output-path",
            folder / PACKAGE,
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=folder,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    # Any warning means part of the schema was skipped: an endpoint or model missing.
    assert "Warning" not in run.stdout + run.stderr, run.stdout + run.stderr


def _module(package, path: str):
    return importlib.import_module(f"{PACKAGE}.{path}")


@pytest.fixture
def api(generated, live_server):
    """Calls through the generated client: api("incidents.incidents_list", weapon=[...])
    returns the parsed body, after checking it is the model the schema promises."""
    client = generated.Client(base_url=live_server.url, raise_on_unexpected_status=True)

    def call(operation: str, *args, status: int = 200, **kwargs):
        response = _module(generated, f"api.{operation}").sync_detailed(
            *args, client=client, **kwargs
        )
        assert response.status_code == status, response.content[:500]
        assert response.parsed is not None, f"{operation} {status}: nothing parsed"
        undeclared = list(_undeclared(response.parsed))
        assert not undeclared, f"{operation}: fields the schema does not declare: {undeclared}"
        return response.parsed

    call.models = _module(generated, "models")
    return call


def _undeclared(value, path="body"):
    """Paths of fields a response carried that its generated model does not declare."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from _undeclared(item, f"{path}[{index}]")
        return
    if not attrs.has(type(value)):
        return
    declared = [f.name for f in attrs.fields(type(value)) if f.name != "additional_properties"]
    if declared and value.additional_properties:  # a model with no fields is a map by design
        yield from (f"{path}.{k}" for k in value.additional_properties)
    for name in declared:
        yield from _undeclared(getattr(value, name), f"{path}.{name}")


def _cursor(link: str) -> str:
    return parse_qs(urlsplit(link).query)["cursor"][0]


@pytest.fixture
def catalogue(db, rita):
    """Five published incidents (drones, rockets, one mortar), a draft and a retracted one."""
    base = PlaceFactory(slug="contract-base", name_en="Contract Air Base")
    days = [dt.date(2024, 1, d) for d in (3, 5, 7, 9)]
    drones = [IncidentFactory(place=base, date_start=d, weapon="drone") for d in days[:2]]
    rockets = [IncidentFactory(place=base, date_start=d, weapon="rocket") for d in days[2:]]
    mortar = IncidentFactory(date_start=dt.date(2023, 6, 1), weapon="mortar", killed=None)
    IncidentFactory(status="draft")
    withdrawn = IncidentFactory()
    incident_retract(incident=withdrawn, user=rita, expected_version=1, reason="Duplicate")
    CitationFactory(incident=drones[0], reliability="B", credibility=2)
    return {
        "base": base,
        "drones": drones,
        "rockets": rockets,
        "mortar": mortar,
        "withdrawn": withdrawn,
    }


def test_the_list_takes_several_weapons_as_a_list_and_pages_by_cursor(api, catalogue):
    weapon = api.models.WeaponEnum
    wanted = {i.public_id for i in catalogue["drones"] + catalogue["rockets"]}
    seen, page = [], api("incidents.incidents_list", weapon=[weapon.DRONE, weapon.ROCKET], limit=3)
    seen += page.results
    assert page.previous is None
    while page.next_:
        page = api(
            "incidents.incidents_list",
            weapon=[weapon.DRONE, weapon.ROCKET],
            limit=3,
            cursor=_cursor(page.next_),
        )
        seen += page.results
    assert [i.public_id for i in seen] == sorted(
        wanted, key=lambda p: Incident.objects.get(public_id=p).date_start, reverse=True
    )
    back = api(
        "incidents.incidents_list",
        weapon=[weapon.ROCKET, weapon.DRONE],
        limit=3,
        cursor=_cursor(page.previous),
    )
    assert [i.public_id for i in back.results] == [i.public_id for i in seen[:3]]
    first = seen[0]
    assert first.weapon in (weapon.DRONE, weapon.ROCKET)
    assert isinstance(first.date_start, dt.date) and isinstance(first.updated_at, dt.datetime)
    assert first.place.slug == "contract-base" and first.place.country == "IQ"

    graded = api(
        "incidents.incidents_list",
        source_reliability=[api.models.ReliabilityEnum.B],
        credibility=[api.models.CredibilityEnum.VALUE_2],
        country="iq",
        date_from=dt.date(2024, 1, 1),
    )
    assert [i.public_id for i in graded.results] == [catalogue["drones"][0].public_id]
    assert graded.results[0].source_count == 1
    # null is "not reported", not 0, and reaches the client as None.
    mortar = api("incidents.incidents_list", weapon=[weapon.MORTAR]).results
    assert [(i.public_id, i.killed) for i in mortar] == [(catalogue["mortar"].public_id, None)]


def test_one_incident_with_its_sources(api, catalogue):
    incident = catalogue["drones"][0]
    detail = api("incidents.incidents_retrieve", incident.public_id)
    assert detail.public_id == incident.public_id and detail.version == 1
    (citation,) = detail.citations
    assert (
        citation.grade == "B2"
        and citation.article.outlet == incident.citations.get().article.outlet.slug
    )
    assert detail.launch_place is None
    missing = api("incidents.incidents_retrieve", "SLV-00000000", status=404)
    assert isinstance(missing, api.models.Problem) and missing.status == 404
    draft = Incident.objects.get(status="draft")
    api("incidents.incidents_retrieve", draft.public_id, status=404)  # drafts are not public


def test_aggregates(api, catalogue):
    timeline = api("incidents.incidents_timeline", bucket=api.models.BucketEnum.MONTH)
    assert [(b.period, b.counts.additional_properties) for b in timeline.series] == [
        (dt.date(2023, 6, 1), {"drone": 0, "rocket": 0, "mortar": 1}),
        (dt.date(2024, 1, 1), {"drone": 2, "rocket": 2, "mortar": 0}),
    ]
    clusters = api("incidents.incidents_clusters", zoom=3)
    assert clusters.total == 5 and sum(c.count for c in clusters.clusters) == 5
    by_place = api("incidents.incidents_by_place", weapon=[api.models.WeaponEnum.ROCKET])
    assert [(p.slug, p.count, p.last) for p in by_place.places] == [
        ("contract-base", 2, dt.date(2024, 1, 9))
    ]
    assert (by_place.total, by_place.place_count) == (2, 1)
    top = api("incidents.incidents_by_place", limit=1)
    assert [p.slug for p in top.places] == ["contract-base"]
    assert (top.total, top.place_count) == (5, 2)  # every match, past the limit


def test_places_actors_outlets_and_sources(api, catalogue, demo):
    places = api("places.places_list", q="contract air", limit=5)
    assert "contract-base" in [p.slug for p in places.results]
    place = api("places.places_retrieve", "contract-base")
    assert place.incident_count == 4
    actors = api("actors.actors_list")
    assert len(actors.results) > 0 and actors.next_ is None  # the demo's 24 fit one page
    actor = api("actors.actors_retrieve", actors.results[0].slug)
    assert actor.slug == actors.results[0].slug
    outlets = api("outlets.outlets_list", limit=2)  # a list, not "outlets_retrieve"
    assert len(outlets.results) == 2 and outlets.next_ is not None
    more = api("outlets.outlets_list", limit=2, cursor=_cursor(outlets.next_))
    assert {o.slug for o in more.results}.isdisjoint({o.slug for o in outlets.results})
    assert more.previous is not None
    sources = api("sources.sources_list", limit=2)
    assert sources.next_ is not None
    more = api("sources.sources_list", limit=2, cursor=_cursor(sources.next_))
    assert {s.id for s in more.results}.isdisjoint({s.id for s in sources.results})
    source = api("sources.sources_retrieve", str(sources.results[0].id))
    assert source.id == sources.results[0].id
    api("sources.sources_retrieve", "0", status=404)


def test_the_withdrawn_feed(api, catalogue):
    feed = api(
        "incidents.incidents_withdrawn", updated_since=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    )
    assert [(e.public_id, e.reason.value, e.note) for e in feed.results] == [
        (catalogue["withdrawn"].public_id, "retracted", "Duplicate")
    ]


def test_exports_are_text_and_a_feature_collection(api, catalogue):
    weapon = [api.models.WeaponEnum.DRONE]
    csv = api("incidents.incidents_csv", weapon=weapon)
    assert isinstance(csv, str) and len(csv.strip().splitlines()) == 3  # header + 2 drones
    collection = api("incidents.incidents_geojson", weapon=weapon)
    assert {f.properties.public_id for f in collection.features} == {
        i.public_id for i in catalogue["drones"]
    }
    assert collection.features[0].geometry.coordinates[0] == catalogue["drones"][0].place.longitude
    # related=true adds the claimants and sources, typed like the list's.
    related = next(
        getattr(api.models, name)
        for name in dir(api.models)
        if "Geojson" in name and name.endswith("Related")
    )
    fuller = api("incidents.incidents_geojson", weapon=weapon, related=related.TRUE)
    assert all(isinstance(f.properties.source_count, int) for f in fuller.features)
    assert all(isinstance(f.properties.claimed_by, list) for f in fuller.features)


def test_errors_are_typed(api, catalogue, monkeypatch):
    wrong = api("incidents.incidents_list", bbox="1,2,3", status=400)
    assert isinstance(wrong, api.models.ValidationError)
    assert list(wrong.errors.additional_properties) == ["bbox"]
    assert wrong.status == 400 and "bbox" in wrong.detail
    too_many = api("places.places_list", limit="0", status=400)
    assert too_many.errors["limit"] == ["Use a whole number from 1 to 5000."]
    api("incidents.incidents_clusters", zoom="99", status=400)
    api("places.places_retrieve", "nowhere", status=404)
    monkeypatch.setattr("api.throttling.ExportRateThrottle.THROTTLE_RATES", {"export": "1/hour"})
    api("incidents.incidents_csv")
    busy = api("incidents.incidents_csv", status=429)
    assert busy.status == 429


def test_edit_conflicts_are_typed(api, generated, live_server, catalogue, alice):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=alice).key
    editor = generated.AuthenticatedClient(base_url=live_server.url, token=token, prefix="Token")
    patch = _module(generated, "api.incidents.incidents_partial_update")
    body = api.models.PatchedIncidentWrite(weapon_detail="Shahed-136", reason="Per CENTCOM")
    incident = catalogue["drones"][1]
    for if_match, status in (("*", 428), ('"7"', 412)):
        conflict = patch.sync(incident.public_id, client=editor, body=body, if_match=if_match)
        assert isinstance(conflict, api.models.VersionConflict)
        assert (conflict.status, conflict.version) == (status, 1)
    saved = patch.sync(incident.public_id, client=editor, body=body, if_match='"1"')
    assert isinstance(saved, api.models.IncidentDetail)
    assert (saved.weapon_detail, saved.version) == ("Shahed-136", 2)
