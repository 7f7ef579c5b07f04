"""Incident rows as plain dicts, built from values() in a fixed number of queries: the hot
read path. A ModelSerializer per incident would cost milliseconds each; these cost microseconds.
"""

import json
from collections import defaultdict
from functools import cache

from django.db import connection

from incidents.models import (
    CASUALTY_FIGURES,
    PARTY_ORDER,
    Actor,
    Attribution,
    Casualty,
    Claim,
    Incident,
)
from sources.models import Citation, admiralty_grade

PLACE_FIELDS = (
    "slug",
    "name_en",
    "name_ar",
    "country",
    "admin1",
    "latitude",
    "longitude",
    "location_precision",
)
INCIDENT_FIELDS = (
    "id",
    "public_id",
    "status",
    "date_start",
    "date_end",
    "date_precision",
    "time_of_day",
    "location_precision",
    "weapon",
    "weapon_detail",
    "launched",
    "intercepted",
    "impacted",
    "fell_short",
    "killed_low",
    "killed",
    "killed_high",
    "wounded_low",
    "wounded",
    "wounded_high",
    "damage",
    "launch_site",
    "summary_en",
    "summary_ar",
    "updated_at",
    "version",
)
# Values selected for a list row: the incident's own columns and its place through one join.
LIST_VALUES = INCIDENT_FIELDS + tuple(f"place__{f}" for f in PLACE_FIELDS)
ACTOR_FIELDS = ("slug", "name_en", "name_ar")


def incident_values(qs):
    return qs.values(*LIST_VALUES)


RELATED_SQL = """
SELECT 'claims', r.incident_id, a.slug, a.name_en, a.name_ar, r.id
  FROM {claim} r JOIN {actor} a ON a.id = r.actor_id WHERE r.incident_id {in_ids}
UNION ALL
SELECT 'attributions', r.incident_id, a.slug, a.name_en, a.name_ar, r.id
  FROM {attribution} r JOIN {actor} a ON a.id = r.actor_id WHERE r.incident_id {in_ids}
UNION ALL
SELECT 'forces', r.incident_id, a.slug, a.name_en, a.name_ar, 0
  FROM {forces} r JOIN {actor} a ON a.id = r.actor_id WHERE r.incident_id {in_ids}
UNION ALL
SELECT 'sources', c.incident_id, NULL, NULL, NULL, COUNT(DISTINCT c.article_id)
  FROM {citation} c WHERE c.incident_id {in_ids} GROUP BY c.incident_id
UNION ALL
SELECT 'casualties', r.incident_id, r.party, {figures}, NULL, r.id
  FROM {casualty} r WHERE r.incident_id {in_ids}
ORDER BY 1, 6, 3
"""  # claims and attributions in the order entered, forces by slug
# A side's six figures travel as one text cell, "low,best,high,low,best,high", empty for unknown.
FIGURES_SQL = " || ',' || ".join(f"COALESCE(CAST(r.{f} AS TEXT), '')" for f in CASUALTY_FIGURES)


def in_ids_sql() -> str:
    """`column IN ids` with the ids as one parameter (see ids_param): thousands of `%s` cost
    more to bind than the query takes to run (psycopg splits the query text client-side)."""
    if connection.vendor == "postgresql":
        return "= ANY(%s::bigint[])"
    return "IN (SELECT value FROM json_each(%s))"


def ids_param(ids: list[int]) -> str:
    """The ids as one text parameter: a PostgreSQL array literal or a JSON array (psycopg
    adapts a Python list element by element, which cost a tenth of an export)."""
    if connection.vendor == "postgresql":
        return "{" + ",".join(str(int(i)) for i in ids) + "}"
    return json.dumps(ids)


@cache
def _related_sql(vendor: str) -> str:
    """RELATED_SQL for this database: only table names and the ids clause are interpolated."""
    return RELATED_SQL.format(
        claim=Claim._meta.db_table,
        attribution=Attribution._meta.db_table,
        forces=Incident.targeted_forces.through._meta.db_table,
        citation=Citation._meta.db_table,
        actor=Actor._meta.db_table,
        casualty=Casualty._meta.db_table,
        figures=FIGURES_SQL,
        in_ids=in_ids_sql(),
    )


def related_for(ids) -> dict[str, dict]:
    """Claimants, attributed actors, targeted forces and source counts for incident `ids`, in
    one query whatever the number of ids. Hand-written SQL because this runs on every list
    page: building four ORM querysets took longer than the database took to answer them.
    A source count travels in the last column of its row."""
    related: dict[str, dict] = {
        "claims": defaultdict(list),
        "attributions": defaultdict(list),
        "forces": defaultdict(list),
        "sources": {},
        "casualties": defaultdict(list),
    }
    ids = list(ids)
    if not ids:
        return related
    with connection.cursor() as cursor:
        cursor.execute(_related_sql(connection.vendor), [ids_param(ids)] * 5)
        rows = cursor.fetchall()
    for kind, pk, slug, name_en, name_ar, position in rows:
        if kind == "sources":
            related["sources"][pk] = position
            continue
        if kind == "casualties":
            related["casualties"][pk].append(casualty_dict(slug, name_en))
            continue
        actor = {"slug": slug, "name_en": name_en, "name_ar": name_ar}
        actors = related[kind][pk]
        if actor not in actors:  # one actor claiming twice is listed once
            actors.append(actor)
    for sides in related["casualties"].values():
        sides.sort(key=lambda side: PARTY_ORDER[side["party"]])
    return related


def casualty_dict(party: str, figures: str) -> dict:
    values = (int(v) if v else None for v in figures.split(","))
    return {"party": party, **dict(zip(CASUALTY_FIGURES, values, strict=True))}


def list_row(row: dict, related: dict, base_url: str) -> dict:
    pk = row["id"]
    out = {k: row[k] for k in INCIDENT_FIELDS if k != "id"}
    out["url"] = f"{base_url}{row['public_id']}/"
    out["place"] = {f: row[f"place__{f}"] for f in PLACE_FIELDS}
    out["claimed_by"] = related["claims"].get(pk, [])
    out["attributed_to"] = related["attributions"].get(pk, [])
    out["targeted_forces"] = related["forces"].get(pk, [])
    out["source_count"] = related["sources"].get(pk, 0)
    out["casualties"] = related["casualties"].get(pk, [])
    return out


def list_rows(rows: list[dict], base_url: str) -> list[dict]:
    if not rows:
        return []
    related = related_for([r["id"] for r in rows])
    return [list_row(r, related, base_url) for r in rows]


DETAIL_EXTRA = (
    "status_reason",
    "time_note",
    "date_note",
    "location_note",
    "defence_system",
    "casualty_note",
    "damage_detail",
    "created_at",
)
ARTICLE_FIELDS = (
    "id",
    "url",
    "title",
    "author",
    "published_on",
    "language",
    "retrieved_at",
    "content_hash",
)


def article_dict(row: dict, prefix: str = "") -> dict:
    """Public metadata of a source article: never its text."""
    out = {f: row[f"{prefix}{f}"] for f in ARTICLE_FIELDS}
    out["outlet"] = row[f"{prefix}outlet__slug"]
    out["outlet_name"] = row[f"{prefix}outlet__name_en"]
    out["outlet_reliability"] = row[f"{prefix}outlet__reliability"]
    out["wire_agency"] = row[f"{prefix}wire_agency__slug"]
    return out


def article_values(prefix: str = "") -> tuple[str, ...]:
    return tuple(
        f"{prefix}{f}"
        for f in (
            *ARTICLE_FIELDS,
            "outlet__slug",
            "outlet__name_en",
            "outlet__reliability",
            "wire_agency__slug",
        )
    )


def incident_detail(pk: int, base_url: str) -> dict | None:
    """Everything public about one incident, with the sources behind each fact."""
    row = (
        Incident.objects.filter(pk=pk)
        .values(
            *LIST_VALUES,
            *DETAIL_EXTRA,
            "launch_place__slug",
            "launch_place__name_en",
            "launch_place__name_ar",
        )
        .first()
    )
    if row is None:
        return None
    out = list_row(row, related_for([pk]), base_url)
    out.update({k: row[k] for k in DETAIL_EXTRA})
    out["launch_place"] = (
        {
            "slug": row["launch_place__slug"],
            "name_en": row["launch_place__name_en"],
            "name_ar": row["launch_place__name_ar"],
        }
        if row["launch_place__slug"]
        else None
    )
    citations = Citation.objects.filter(incident_id=pk).values(
        "id",
        "role",
        "quote",
        "quote_language",
        "reported_date",
        "reported_launched",
        "reported_intercepted",
        "reported_killed",
        "reported_wounded",
        "note",
        "reliability",
        "credibility",
        *article_values("article__"),
    )
    out["citations"] = [
        {
            **{
                k: c[k]
                for k in (
                    "id",
                    "role",
                    "quote",
                    "quote_language",
                    "reported_date",
                    "reported_launched",
                    "reported_intercepted",
                    "reported_killed",
                    "reported_wounded",
                    "note",
                    "reliability",
                    "credibility",
                )
            },
            "grade": admiralty_grade(
                c["reliability"], c["credibility"], c["article__outlet__reliability"]
            ),
            "article": article_dict(c, "article__"),
        }
        for c in citations
    ]
    out["claims"] = [
        {
            "id": c["id"],
            "actor": c["actor__slug"],
            "channel": c["channel"],
            "claimed_on": c["claimed_on"],
            "source": c["source_id"],
            "quote": c["quote"],
        }
        for c in Claim.objects.filter(incident_id=pk).values(
            "id", "actor__slug", "channel", "claimed_on", "source_id", "quote"
        )
    ]
    out["attributions"] = [
        {
            "id": a["id"],
            "actor": a["actor__slug"],
            "attributed_by": a["attributed_by"],
            "attributed_by_detail": a["attributed_by_detail"],
            "source": a["source_id"],
            "quote": a["quote"],
        }
        for a in Attribution.objects.filter(incident_id=pk).values(
            "id", "actor__slug", "attributed_by", "attributed_by_detail", "source_id", "quote"
        )
    ]
    return out
