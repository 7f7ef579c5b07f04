"""Editor fixtures: signed-in clients for each named user, and the catalogue as it stood after
seed article 000 was entered (its two incidents and its article), before seed 001 arrives."""

import pytest
from django.conf import settings
from django.test import Client

from incidents.models import CASUALTY_FIGURES, Claim, Incident
from sources.models import Citation, SourceArticle

SEED_000_TITLE = "إحباط هجوم على قاعدة تضم قوات للتحالف في العراق"


def seed_text(number: int) -> str:
    path = next(settings.SALVO_SEEDS_DIR.glob(f"{number:03d}_*.txt"))
    return path.read_text(encoding="utf-8")


@pytest.fixture
def seed000(demo):
    """Only what seed 000 reports: SLV-S0000001 (Ain al-Asad, 4 Jan 2022, drones) and
    SLV-S0000002 (Baghdad airport, 3 Jan 2022, drones), each citing the seed 000 article."""
    keep = SourceArticle.objects.get(title=SEED_000_TITLE)
    Claim.objects.all().delete()
    Citation.objects.exclude(article=keep).delete()
    Incident.objects.exclude(public_id__in=["SLV-S0000001", "SLV-S0000002"]).delete()
    SourceArticle.objects.exclude(pk=keep.pk).delete()
    return keep


def signed_in(user, **kwargs) -> Client:
    client = Client(**kwargs)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def as_alice(alice):
    return signed_in(alice)


@pytest.fixture
def as_rita(rita):
    return signed_in(rita)


@pytest.fixture
def as_root(root):
    return signed_in(root)


@pytest.fixture
def as_bob(bob):
    return signed_in(bob)


def incident_form_data(incident, **overrides) -> dict:
    """The edit form as a browser would post it for `incident`, with `overrides` typed in."""
    from editor.forms import IncidentForm

    data = {}
    for name in IncidentForm.Meta.fields:
        value = getattr(incident, name)
        if name in ("place", "launch_place"):
            value = f"[{value.slug}]" if value else ""
        elif name == "targeted_forces":
            value = [a.pk for a in value.all()]
        elif value is None:
            value = ""
        data[name] = value
    data["version"] = incident.version
    data["reason"] = ""
    data.update(side_rows(IncidentForm(instance=incident).sides.initial or []))
    data.update(overrides)
    return data


def side_rows(sides: list[dict], extra: int = 2) -> dict:
    """The casualties-by-side table as a browser posts it: its management form and rows."""
    rows = [*sides, *({} for _ in range(extra))]
    data = {
        "side-TOTAL_FORMS": len(rows),
        "side-INITIAL_FORMS": len(sides),
        "side-MIN_NUM_FORMS": 0,
        "side-MAX_NUM_FORMS": 8,
    }
    for n, row in enumerate(rows):
        for name in ("party", *CASUALTY_FIGURES):
            value = row.get(name)
            data[f"side-{n}-{name}"] = "" if value is None else value
    return data
