"""Salvo's ACLED-column export carries ACLED's actor codes, and imports back with every row."""

import csv
import io

import pytest
from rest_framework.test import APIClient

from incidents.models import Actor, Incident, Place
from sources.models import Outlet, SourceArticle
from tests.factories import (
    ActorFactory,
    CitationFactory,
    ClaimFactory,
    IncidentFactory,
    OutletFactory,
    PlaceFactory,
    SourceArticleFactory,
)

pytestmark = pytest.mark.django_db


def acled_export() -> str:
    response = APIClient().get("/api/v1/incidents/", {"format": "csv", "columns": "acled"})
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")


@pytest.fixture
def catalogue():
    base = PlaceFactory(slug="export-base", name_en="Export Base", country="IQ")
    claimed = IncidentFactory(place=base, killed=0, summary_en="Invented rockets hit a base.")
    ClaimFactory(incident=claimed, actor=ActorFactory(name_en="Invented Front"), source=None)
    claimed.targeted_forces.set(
        [ActorFactory(name_en="Invented US Force", kind="state_force", country="US")]
    )
    CitationFactory(
        incident=claimed,
        article=SourceArticleFactory(outlet=OutletFactory(name_en="Invented Wire")),
    )
    IncidentFactory(place=PlaceFactory(slug="other-base", latitude=36.2, longitude=44.0))
    return claimed


def test_the_acled_export_has_acleds_actor_codes(catalogue):
    rows = {r["event_id_cnty"]: r for r in csv.DictReader(io.StringIO(acled_export()))}
    claimed = rows.pop(catalogue.public_id)
    # A militia (3) against a state's forces abroad (8): ACLED's interaction 38.
    assert (claimed["inter1"], claimed["inter2"], claimed["interaction"]) == ("3", "8", "38")
    assert claimed["civilian_targeting"] == ""
    (unclaimed,) = rows.values()
    assert (unclaimed["inter1"], unclaimed["inter2"], unclaimed["interaction"]) == ("3", "", "30")


def test_salvo_acled_export_imports_back_into_an_empty_instance_with_every_row(
    catalogue, alice, run_import
):
    exported = acled_export()
    for model in (Incident, SourceArticle, Actor, Outlet, Place):
        model.objects.all().delete()

    report = run_import(alice, exported, "acled")

    assert report["error_count"] == 0, report["errors"]
    assert report["incidents"]["new"] == 2
    back = Incident.objects.get(public_id=catalogue.public_id)  # Salvo ids are kept
    assert back.place.name_en == "Export Base" and back.killed == 0
    assert back.attributions.get().actor.name_en == "Invented Front"
    assert back.targeted_forces.get().name_en == "Invented US Force"
    assert back.citations.get().article.outlet.name_en == "Invented Wire"
    again = run_import(alice, exported, "acled")
    assert again["incidents"] == {"new": 0, "updated": 0, "unchanged": 2}
