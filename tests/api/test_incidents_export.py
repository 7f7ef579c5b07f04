"""?format=geojson and ?format=csv: the same filtered set, streamed, valid, and safe."""

import csv
import datetime as dt
import io

import geojson
import pandas as pd
import pytest
from django.http import StreamingHttpResponse

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

URL = "/api/v1/incidents/"


def body(response) -> bytes:
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)  # large exports must not be buffered
    return b"".join(response.streaming_content)


@pytest.fixture
def incidents(db):
    asad = PlaceFactory(
        slug="asad",
        name_en="Ain al-Asad",
        latitude=33.79,
        longitude=42.44,
        location_precision=1,
        country="IQ",
        admin1="Anbar",
    )
    tanf = PlaceFactory(
        slug="tanf",
        latitude=33.49,
        longitude=38.62,
        location_precision=2,
        country="SY",
        admin1="Homs",
    )
    claimed = IncidentFactory(
        place=asad,
        weapon="rocket",
        killed=1,
        summary_en='=HYPERLINK("http://evil")',
        weapon_detail="-107 mm",
    )
    ClaimFactory(incident=claimed, actor=ActorFactory(name_en="Ashab al-Kahf"), source=None)
    outlet = OutletFactory(name_en="Shafaq News")
    CitationFactory(incident=claimed, article=SourceArticleFactory(outlet=outlet))
    IncidentFactory(
        place=tanf,
        date_start=dt.date(2023, 1, 1),
        date_end=dt.date(2023, 1, 31),
        date_precision=4,
        location_precision=2,
        summary_en="@SUM(A1)",
    )
    IncidentFactory(place=tanf, status="draft")
    return claimed


def test_geojson_is_a_valid_feature_collection(api, incidents):
    collection = geojson.loads(body(api.get(URL, {"format": "geojson"})))
    assert collection.is_valid, collection.errors()
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 2  # the draft is not public
    by_id = {f["id"]: f for f in collection["features"]}
    feature = by_id[incidents.public_id]
    assert feature["geometry"] == {"type": "Point", "coordinates": [42.44, 33.79]}  # lon first
    assert feature["properties"]["weapon"] == "rocket"
    assert feature["properties"]["precision"] == 1
    monthly = next(f for f in collection["features"] if f["id"] != incidents.public_id)
    assert monthly["properties"]["date_precision"] == 4
    assert monthly["properties"]["precision"] == 2


def test_geojson_dates_match_the_json_list(api, incidents):
    # The export reads driver values directly (no ORM converters): dates and the UTC
    # timestamp must still be written exactly as the JSON list writes them.
    listed = {r["public_id"]: r for r in api.get(URL).json()["results"]}
    collection = geojson.loads(body(api.get(URL, {"format": "geojson"})))
    for feature in collection["features"]:
        row, props = listed[feature["id"]], feature["properties"]
        for key in ("date_start", "date_end", "updated_at"):
            assert props[key] == row[key]
        assert props["updated_at"].endswith("+00:00")


def test_geojson_applies_filters_and_empty_is_valid(api, incidents):
    response = api.get(URL, {"format": "geojson", "weapon": "mortar"})
    assert response["Content-Type"] == "application/geo+json"
    collection = geojson.loads(body(response))
    assert collection.is_valid and collection["features"] == []


def test_csv_reads_in_pandas_and_neutralises_formulas(api, incidents):
    frame = pd.read_csv(io.BytesIO(body(api.get(URL, {"format": "csv"}))), encoding="utf-8-sig")
    assert len(frame) == 2
    row = frame.set_index("public_id").loc[incidents.public_id]
    assert row["summary_en"] == '\'=HYPERLINK("http://evil")'
    assert row["weapon_detail"] == "'-107 mm"
    assert row["latitude"] == 33.79  # numbers are not touched
    assert row["claimed_by"] == incidents.claims.get().actor.slug
    assert row["source_count"] == 1
    assert "'@SUM(A1)" in set(frame["summary_en"])


def test_csv_acled_columns(api, incidents):
    response = api.get(URL, {"format": "csv", "columns": "acled", "country": "IQ"})
    assert response["Content-Disposition"].startswith("attachment")
    frame = pd.read_csv(io.BytesIO(body(response)), encoding="utf-8-sig")
    assert list(frame.columns[:8]) == [
        "event_id_cnty",
        "event_date",
        "year",
        "time_precision",
        "disorder_type",
        "event_type",
        "sub_event_type",
        "actor1",
    ]
    row = frame.iloc[0]
    assert row["event_id_cnty"] == incidents.public_id
    assert row["event_type"] == "Explosions/Remote violence"
    assert row["sub_event_type"] == "Shelling/artillery/missile attack"
    assert row["actor1"] == "Ashab al-Kahf"
    assert row["country"] == "Iraq" and row["iso"] == 368
    assert row["fatalities"] == 1
    assert row["source"] == "Shafaq News"
    assert row["time_precision"] == 1 and row["geo_precision"] == 1
    for column in ("latitude", "longitude", "admin1", "location", "notes", "timestamp"):
        assert column in frame.columns


def test_csv_acled_unclaimed_month_precision(api, incidents):
    frame = pd.read_csv(
        io.BytesIO(body(api.get(URL, {"format": "csv", "columns": "acled", "country": "SY"}))),
        encoding="utf-8-sig",
    )
    row = frame.iloc[0]
    assert row["actor1"] == "Unidentified Armed Group (Syria)"
    assert row["time_precision"] == 3
    assert row["sub_event_type"] == "Air/drone strike"


def test_unknown_columns_is_a_400(api, db):
    response = api.get(URL, {"format": "csv", "columns": "ucdp"})
    assert response.status_code == 400 and "columns" in response.json()["errors"]


@pytest.mark.parametrize("fmt", ["geojson", "csv"])
def test_export_queries_do_not_grow_per_row(
    api, db, django_assert_max_num_queries, monkeypatch, fmt
):
    place = PlaceFactory()
    for i in range(30):
        CitationFactory(incident=IncidentFactory(place=place, date_start=dt.date(2022, 1, 1 + i)))
    # GeoJSON: one read; CSV: the incidents, their actors, citations and sides, four reads
    # whatever the number of batches.
    monkeypatch.setattr("api.exports.CSV_BATCH", 7)
    with django_assert_max_num_queries(1 if fmt == "geojson" else 4):
        content = body(api.get(URL, {"format": fmt}))
    assert content.count(b"SLV-") >= 30


@pytest.mark.parametrize("columns", ["salvo", "acled"])
def test_csv_related_cells_are_right_across_batches(api, db, monkeypatch, columns):
    """Actors and citations are read alongside the incidents: each row keeps its own, also
    where a batch ends (two rows a batch) and for incidents without any."""
    place = PlaceFactory(country="IQ")
    graded = OutletFactory(name_en="Graded Outlet", reliability="B")
    for day in range(1, 8):
        incident = IncidentFactory(place=place, date_start=dt.date(2022, 3, day))
        if day % 3 == 0:
            continue  # no actors, no sources
        actor = ActorFactory(slug=f"group-{day}", name_en=f"Group {day}", kind="armed_group")
        ClaimFactory(incident=incident, actor=actor, source=None)
        ClaimFactory(incident=incident, actor=actor, source=None)  # listed once
        AttributionFactory(incident=incident, actor=ActorFactory(slug=f"blamed-{day}"))
        incident.targeted_forces.add(
            ActorFactory(slug=f"force-{day}", name_en=f"Force {day}", kind="state_force")
        )
        CitationFactory(incident=incident, article=SourceArticleFactory(outlet=graded))
        CitationFactory(incident=incident, credibility=day % 6 + 1)
    params = {"format": "csv", "columns": columns}
    whole = body(api.get(URL, params))
    monkeypatch.setattr("api.exports.CSV_BATCH", 2)
    assert body(api.get(URL, params)) == whole
    rows = pd.read_csv(io.BytesIO(whole), encoding="utf-8-sig", keep_default_na=False)
    assert len(rows) == 7
    day5 = rows.iloc[2]  # newest first: 7, 6, 5
    if columns == "salvo":
        assert list(rows["claimed_by"]) == [
            "group-7", "", "group-5", "group-4", "", "group-2", "group-1"
        ]  # fmt: skip
        assert day5["attributed_to"] == "blamed-5" and day5["targeted_forces"] == "force-5"
        assert day5["source_count"] == 2 and day5["source_grades"] == "B?; ?6"
        assert rows.iloc[1]["source_count"] == 0 and rows.iloc[1]["source_grades"] == ""
    else:
        assert day5["actor1"] == "Group 5" and day5["inter1"] == 3
        assert day5["actor2"] == "Force 5" and str(day5["inter2"]) == "1"
        assert day5["source"].startswith("Graded Outlet; ")
        assert rows.iloc[1]["actor1"] == "Unidentified Armed Group (Iraq)"


@pytest.mark.parametrize(
    ("path", "params", "content_type"),
    [
        ("/api/v1/incidents.csv", {"columns": "acled"}, "text/csv; charset=utf-8"),
        ("/api/v1/incidents.geojson", {}, "application/geo+json"),
    ],
)
def test_each_export_has_a_path_of_its_own(api, incidents, path, params, content_type):
    # Operations of their own in the schema, so a generated client reads each one correctly.
    fmt = path.rsplit(".", 1)[1]
    own = api.get(path, {"weapon": "drone", **params})
    assert own["Content-Type"] == content_type
    assert body(own) == body(api.get(URL, {"weapon": "drone", "format": fmt, **params}))
    head = api.head(path)
    assert head.status_code == 200 and head["Content-Type"] == content_type
    assert b"".join(head.streaming_content) == b""


@pytest.mark.parametrize("params", [{"limit": "10"}, {"format": "json"}, {"wepon": "drone"}])
def test_the_export_paths_refuse_what_they_do_not_read(api, db, params):
    response = api.get("/api/v1/incidents.geojson", params)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == list(params)


def test_geojson_properties_carry_the_casualty_ranges_the_list_gives(client, incidents):
    """A map-only client reads the casualty ranges from the GeoJSON alone, as the JSON list
    gives them. (Claimants and sources are the list's: adding them tripled the export.)"""
    listed = {r["public_id"]: r for r in client.get(URL + "?limit=100").json()["results"]}
    features = geojson.loads(body(client.get(URL + "?format=geojson")))["features"]
    assert len(features) == len(listed) > 0
    keys = ("killed", "killed_low", "killed_high", "wounded", "wounded_low", "wounded_high")
    for feature in features:
        row = listed[feature["properties"]["public_id"]]
        assert {k: feature["properties"][k] for k in keys} == {k: row[k] for k in keys}
    assert any(f["properties"]["killed"] for f in features)


def test_geojson_with_related_carries_claimants_and_sources_as_the_list(client, incidents):
    listed = {r["public_id"]: r for r in client.get(URL + "?limit=100").json()["results"]}
    keys = ("claimed_by", "attributed_to", "source_count")
    for url in (URL + "?format=geojson&related=true", "/api/v1/incidents.geojson?related=true"):
        features = geojson.loads(body(client.get(url)))["features"]
        assert len(features) == len(listed)
        for feature in features:
            row = listed[feature["properties"]["public_id"]]
            assert {k: feature["properties"][k] for k in keys} == {k: row[k] for k in keys}
        assert any(f["properties"]["claimed_by"] for f in features)
    plain = geojson.loads(body(client.get(URL + "?format=geojson")))["features"]
    assert "claimed_by" not in plain[0]["properties"]  # the lean default
    wrong = client.get(URL + "?format=geojson&related=yes")
    assert wrong.status_code == 400 and "related" in wrong.json()["errors"]


def test_csv_sides_stay_with_their_incident_across_batches(api, db, monkeypatch):
    from incidents.models import Casualty

    place = PlaceFactory()
    for day in range(1, 8):
        incident = IncidentFactory(place=place, date_start=dt.date(2022, 3, day), killed=day)
        if day % 2:
            Casualty.objects.create(incident=incident, party="us_forces", killed=day)
    monkeypatch.setattr("api.exports.CSV_BATCH", 2)
    rows = list(csv.DictReader(io.StringIO(body(api.get(URL, {"format": "csv"})).decode()[1:])))
    assert len(rows) == 7
    for row in rows:
        day = int(row["date_start"][-2:])
        assert row["killed_us_forces"] == (str(day) if day % 2 else "")
