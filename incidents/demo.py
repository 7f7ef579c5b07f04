"""Load the demo catalogue from fixtures/: the gazetteer, actors, outlets, and the five seed
articles with the incidents they report. Every row is matched on a stable key (slug, public id,
article title), so loading twice changes nothing."""

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from sources.models import Citation, Outlet, SourceArticle, content_hash

from .models import (
    CASUALTY_FIGURES,
    Actor,
    Casualty,
    Claim,
    Incident,
    Party,
    Place,
    casualty_totals,
    date_window,
)

FIXTURES = settings.BASE_DIR / "fixtures"


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    texts_missing: list[str] = field(default_factory=list)

    def count(self, kind: str, created: bool) -> None:
        self.created[kind] = self.created.get(kind, 0) + int(created)


def _read(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def _save(obj):
    obj.full_clean()
    obj.save()
    return obj


def _upsert(model, lookup: dict, values: dict, report: LoadReport, kind: str):
    obj = model.objects.filter(**lookup).first()
    created = obj is None
    obj = obj or model(**lookup)
    changed = created
    for name, value in values.items():
        if created or getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    if changed:  # an unchanged row is not saved again, so history stays quiet
        obj._change_reason = "Demo data"
        _save(obj)
    report.count(kind, created)
    return obj


def _load_tree(model, rows: list[dict], report: LoadReport, kind: str) -> dict[str, object]:
    by_slug: dict[str, object] = {}
    for row in rows:
        row = dict(row)
        parent = row.pop("parent", None)
        slug = row.pop("slug")
        row["parent"] = by_slug[parent] if parent else None
        by_slug[slug] = _upsert(model, {"slug": slug}, row, report, kind)
    return by_slug


def _load_articles(rows, outlets, seeds_dir: Path, report: LoadReport) -> dict[str, SourceArticle]:
    articles = {}
    for row in rows:
        path = seeds_dir / row["seed_file"]
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        if not text:
            report.texts_missing.append(row["seed_file"])
        values = {
            "outlet": outlets.get(row["outlet"]),
            "wire_agency": outlets.get(row["wire_agency"]),
            "published_on": row["published_on"] and dt.date.fromisoformat(row["published_on"]),
            "published_note": row["published_note"],
            "language": row["language"],
        }
        existing = SourceArticle.objects.filter(title=row["title"]).first()
        if text or existing is None:
            values["text"] = text
        article = _upsert(SourceArticle, {"title": row["title"]}, values, report, "articles")
        if text and article.content_hash != content_hash(text):
            raise ValueError(f"{row['seed_file']}: stored hash does not match the text")
        articles[row["key"]] = article
    return articles


def _incident_values(row: dict, places: dict) -> dict:
    skip = {"public_id", "key", "citations", "claims", "targeted_forces", "place", "launch_place"}
    values = {k: v for k, v in row.items() if k not in skip | {"casualties"}}
    # Sides where the texts give them; else the totals are one unknown side. Either way the
    # totals are what the sides add up to, as the services keep them.
    values.update(casualty_totals(_sides(row)))
    start = dt.date.fromisoformat(values.pop("date_start"))
    values["date_start"], values["date_end"] = date_window(start, values["date_precision"])
    if values.get("time_of_day"):
        values["time_of_day"] = dt.time.fromisoformat(values["time_of_day"])
    values["place"] = places[row["place"]]
    values["launch_place"] = places.get(row.get("launch_place"))
    values["status"] = Incident.Status.PUBLISHED
    return values


def _sides(row: dict) -> list[dict]:
    if "casualties" in row:
        return [{f: None for f in CASUALTY_FIGURES} | side for side in row["casualties"]]
    totals = {f: row.get(f) for f in CASUALTY_FIGURES}
    if all(v is None for v in totals.values()):
        return []
    return [{"party": Party.UNKNOWN, **totals}]


@transaction.atomic
def demo_load(*, seeds_dir: Path | None = None) -> LoadReport:
    report = LoadReport()
    seeds_dir = Path(seeds_dir or settings.SALVO_SEEDS_DIR)
    places = _load_tree(Place, _read("gazetteer.json")["places"], report, "places")
    actors = _load_tree(Actor, _read("actors.json")["actors"], report, "actors")
    outlets = {
        row["slug"]: _upsert(Outlet, {"slug": row["slug"]}, row, report, "outlets")
        for row in _read("outlets.json")["outlets"]
    }
    seed = _read("seed_incidents.json")
    articles = _load_articles(seed["articles"], outlets, seeds_dir, report)
    for row in seed["incidents"]:
        incident = _upsert(
            Incident,
            {"public_id": row["public_id"]},
            _incident_values(row, places),
            report,
            "incidents",
        )
        incident.targeted_forces.set([actors[slug] for slug in row.get("targeted_forces", [])])
        sides = _sides(row)
        Casualty.objects.filter(incident=incident).exclude(
            party__in=[side["party"] for side in sides]
        ).delete()
        for side in sides:
            figures = {f: side[f] for f in CASUALTY_FIGURES}
            lookup = {"incident": incident, "party": side["party"]}
            _upsert(Casualty, lookup, figures, report, "casualty sides")
        for cite in row["citations"]:
            values = {k: v for k, v in cite.items() if k != "article"}
            if values.get("reported_date"):
                values["reported_date"] = dt.date.fromisoformat(values["reported_date"])
            _upsert(
                Citation,
                {"incident": incident, "article": articles[cite["article"]]},
                values,
                report,
                "citations",
            )
        for claim in row.get("claims", []):
            _upsert(
                Claim,
                {
                    "incident": incident,
                    "actor": actors[claim["actor"]],
                    "source": articles[claim["source"]],
                },
                {"channel": claim["channel"], "quote": claim["quote"]},
                report,
                "claims",
            )
    return report
