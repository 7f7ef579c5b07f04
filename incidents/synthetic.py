"""Synthetic incidents for benchmarks and for trying the dashboard at scale.

The shape follows the real catalogue: attacks cluster on a few bases and in waves (late 2019 to
2021, October 2023 to February 2024), drones and rockets dominate, most dates are known to the
day, counts are often missing, and about a third of attacks are claimed. Every synthetic row is
marked (public ids SLV-G…, article URLs on synthetic.invalid) so it can be removed again.
"""

import datetime as dt
import random
from collections.abc import Iterator
from itertools import accumulate

from django.db import transaction
from django.utils import timezone

from sources.models import Citation, Outlet, SourceArticle

from .models import (
    Actor,
    Casualty,
    Claim,
    DatePrecision,
    Incident,
    Party,
    Place,
    Weapon,
    date_window,
)
from .text import search_blob

# Whose casualties a synthetic incident reports, roughly as the field does: often no side.
SIDE_WEIGHTS = {
    Party.UNKNOWN: 40,
    Party.US_FORCES: 22,
    Party.IRAQI_FORCES: 15,
    Party.CONTRACTORS: 10,
    Party.COALITION: 6,
    Party.CIVILIANS: 5,
    Party.KURDISH_FORCES: 2,
}

ID_PREFIX = "SLV-G"
URL_PREFIX = "https://synthetic.invalid/article/"
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

WEAPONS = [
    (Weapon.DRONE, 45),
    (Weapon.ROCKET, 35),
    (Weapon.MORTAR, 5),
    (Weapon.IED, 6),
    (Weapon.BALLISTIC_MISSILE, 3),
    (Weapon.CRUISE_MISSILE, 1),
    (Weapon.UNKNOWN, 5),
]
PRECISIONS = [
    (DatePrecision.DAY, 85),
    (DatePrecision.SPAN, 5),
    (DatePrecision.WEEK, 4),
    (DatePrecision.MONTH, 5),
    (DatePrecision.YEAR, 1),
]
# Waves of attacks: (first day, last day, relative intensity per day).
WAVES = [
    (dt.date(2019, 10, 1), dt.date(2021, 12, 31), 1.0),
    (dt.date(2022, 1, 1), dt.date(2023, 10, 16), 0.25),
    (dt.date(2023, 10, 17), dt.date(2024, 2, 4), 6.0),
    (dt.date(2024, 2, 5), dt.date(2026, 10, 31), 0.4),
]
DETAILS = {
    Weapon.DRONE: ["", "explosive-laden", "fixed-wing", "quadcopter"],
    Weapon.ROCKET: ["", "Katyusha", "107 mm", "122 mm Grad"],
    Weapon.MORTAR: ["", "60 mm", "82 mm"],
    Weapon.BALLISTIC_MISSILE: ["", "Fateh-110"],
    Weapon.CRUISE_MISSILE: [""],
    Weapon.IED: ["", "roadside bomb on a supply convoy"],
    Weapon.UNKNOWN: [""],
}
SUMMARIES = {
    Weapon.DRONE: (
        "{n} drones approached {p}; {i} were brought down.",
        "اقتربت {n} طائرات مسيّرة من {p}، وأُسقط {i} منها.",
    ),
    Weapon.ROCKET: (
        "{n} rockets were fired at {p}; {i} were intercepted.",
        "أُطلقت {n} صواريخ على {p}، واعتُرض {i} منها.",
    ),
}
DEFAULT_SUMMARY = ("An attack on {p} was reported.", "أُفيد بهجوم على {p}.")


def public_id(n: int) -> str:
    """SLV-G followed by n in Crockford base32, zero-padded: unique and recognisably synthetic."""
    digits = []
    for _ in range(7):
        n, r = divmod(n, 32)
        digits.append(_CROCKFORD[r])
    return ID_PREFIX + "".join(reversed(digits))


def _day_sampler(rng: random.Random):
    spans = [(start, (end - start).days + 1, rate) for start, end, rate in WAVES]
    weights = [days * rate for _, days, rate in spans]

    def sample() -> dt.date:
        start, days, _ = rng.choices(spans, weights)[0]
        return start + dt.timedelta(days=rng.randrange(days))

    return sample


def _maybe(rng: random.Random, p_known: float, value):
    return value if rng.random() < p_known else None


class Generator:
    def __init__(self, *, seed: int):
        self.rng = random.Random(seed)
        # A stream of its own, so the incidents are the same as before sides were drawn.
        self.side_rng = random.Random(seed * 7919 + 1)
        sites = Place.objects.exclude(kind__in=[Place.Kind.COUNTRY, Place.Kind.ADMIN_AREA])
        self.places = list(sites) or list(Place.objects.all())
        if not self.places:
            raise ValueError("The gazetteer is empty: run load_demo first.")
        # A few bases take most attacks, as in reality. Cumulative weights, computed once: with
        # a gazetteer of thousands, summing them for every incident would dominate the run.
        self.place_weights = list(accumulate(self.rng.paretovariate(1.2) for _ in self.places))
        self.claimants = list(
            Actor.objects.filter(kind__in=[Actor.Kind.FRONT_GROUP, Actor.Kind.UMBRELLA])
        ) or list(Actor.objects.all())
        self.blamed = list(Actor.objects.filter(kind=Actor.Kind.ARMED_GROUP)) or self.claimants
        self.forces = list(Actor.objects.filter(kind__in=["state_force", "coalition"]))
        self.outlets = list(Outlet.objects.exclude(kind=Outlet.Kind.WIRE)) or [
            Outlet.objects.create(slug="synthetic-news", name_en="Synthetic News")
        ]
        self.day = _day_sampler(self.rng)

    def incident(self, n: int) -> Incident:
        rng = self.rng
        weapon = rng.choices([w for w, _ in WEAPONS], [p for _, p in WEAPONS])[0]
        precision = rng.choices([p for p, _ in PRECISIONS], [w for _, w in PRECISIONS])[0]
        day = self.day()
        if precision == DatePrecision.SPAN:
            start, end = day, day + dt.timedelta(days=rng.randint(1, 5))
        else:
            start, end = date_window(day, precision)
        place = rng.choices(self.places, cum_weights=self.place_weights)[0]
        launched = _maybe(rng, 0.75, rng.choice([1, 1, 2, 2, 2, 3, 3, 4, 5, 6, 8, 10]))
        intercepted = impacted = None
        if launched is not None and weapon in (Weapon.DRONE, Weapon.ROCKET):
            intercepted = _maybe(rng, 0.6, rng.randint(0, launched))
            if intercepted is not None:
                impacted = _maybe(rng, 0.5, rng.randint(0, launched - intercepted))
        killed = _maybe(rng, 0.45, rng.choice([0] * 8 + [1, 2, 3]))
        wounded = _maybe(rng, 0.45, rng.choice([0] * 6 + [1, 2, 4, 7]))
        status = rng.choices(["published", "draft", "retracted"], [97, 2, 1])[0]
        en, ar = SUMMARIES.get(weapon, DEFAULT_SUMMARY)
        count = launched or 1
        summary_en = en.format(n=count, i=intercepted or 0, p=place.name_en)
        summary_ar = ar.format(n=count, i=intercepted or 0, p=place.name_ar)
        detail = rng.choice(DETAILS[weapon])
        return Incident(
            public_id=public_id(n),
            status=status,
            status_reason="Synthetic retraction." if status == "retracted" else "",
            date_start=start,
            date_end=end,
            date_precision=precision,
            place=place,
            location_precision=rng.choice([1, 1, 1, 2])
            if place.location_precision == 1
            else place.location_precision,
            weapon=weapon,
            weapon_detail=detail,
            launched=launched,
            intercepted=intercepted,
            impacted=impacted,
            killed=killed,
            wounded=wounded,
            summary_en=summary_en,
            summary_ar=summary_ar,
            search_text=search_blob(summary_en, summary_ar, detail, place.search_text),
        )

    def sides(self, incident: Incident) -> list[Casualty]:
        """The incident's killed and wounded on one side, or (sometimes, when both are
        reported) the dead on one side and the wounded on another; totals unchanged."""
        if incident.killed is None and incident.wounded is None:
            return []
        rng, parties = self.side_rng, list(SIDE_WEIGHTS)
        first, second = rng.choices(parties, weights=list(SIDE_WEIGHTS.values()), k=2)
        both = incident.killed is not None and incident.wounded is not None
        if both and first != second and rng.random() < 0.15:
            return [
                Casualty(incident=incident, party=first, killed=incident.killed),
                Casualty(incident=incident, party=second, wounded=incident.wounded),
            ]
        return [
            Casualty(
                incident=incident, party=first, killed=incident.killed, wounded=incident.wounded
            )
        ]

    def articles(self, start: int, count: int) -> list[SourceArticle]:
        rng = self.rng
        rows = []
        for k in range(start, start + count):
            day = self.day()
            rows.append(
                SourceArticle(
                    url=f"{URL_PREFIX}{k}",
                    outlet=rng.choice(self.outlets),
                    title=f"Synthetic report {k}",
                    published_on=day,
                    language=rng.choice(["ar", "ar", "ar", "en"]),
                    search_text=f" synthetic report {k} ",
                )
            )
        return rows


def _chunks(total: int, size: int) -> Iterator[tuple[int, int]]:
    for start in range(0, total, size):
        yield start, min(size, total - start)


# --- Synthetic places: a gazetteer at the scale of an imported dataset ----------------------

PLACE_PREFIX = "synthetic-"
# Where the synthetic sites fall: around the real places of the gazetteer (attacks cluster
# around a few regions), kept inside these boxes (lat, lon) of Iraq and Syria.
PLACE_BOXES = {"IQ": ((29.1, 37.3), (38.8, 48.5)), "SY": ((32.4, 37.3), (35.8, 42.3))}
PLACE_KINDS = [
    Place.Kind.MILITARY_BASE,
    Place.Kind.CAMP,
    Place.Kind.SUPPORT_SITE,
    Place.Kind.OIL_FIELD,
    Place.Kind.BORDER_POST,
    Place.Kind.AIRPORT,
]


def synthetic_place_count() -> int:
    return Place.objects.filter(slug__startswith=PLACE_PREFIX).count()


def synthetic_places(*, count: int, seed: int = 1) -> int:
    """Top the gazetteer up to `count` synthetic sites (slugs `synthetic-…`), scattered around
    the real places of Iraq and Syria. Returns how many were added."""
    have = synthetic_place_count()
    if count <= have:
        return 0
    rng = random.Random(seed * 7919 + have)
    centres = list(
        Place.objects.filter(country__in=PLACE_BOXES)
        .exclude(kind=Place.Kind.COUNTRY)
        .values_list("latitude", "longitude", "country", "admin1")
    ) or [(33.3, 44.4, "IQ", "Baghdad"), (35.3, 40.1, "SY", "Deir ez-Zor")]
    rows = []
    for n in range(have + 1, count + 1):
        lat, lon, country, admin1 = rng.choice(centres)
        (south, north), (west, east) = PLACE_BOXES[country]
        spread = rng.choice([0.05, 0.2, 0.6])  # most sites near a centre, some far out
        lat = min(north, max(south, rng.gauss(lat, spread)))
        lon = min(east, max(west, rng.gauss(lon, spread)))
        place = Place(
            slug=f"{PLACE_PREFIX}{n}",
            name_en=f"Synthetic site {n}",
            name_ar=f"موقع تجريبي {n}",
            kind=rng.choice(PLACE_KINDS),
            country=country,
            admin1=admin1,
            latitude=round(lat, 5),
            longitude=round(lon, 5),
            location_precision=rng.choice([1, 1, 1, 2, 2, 3]),
        )
        place.search_text = search_blob(place.name_en, place.name_ar, [], place.slug)
        rows.append(place)
    Place.objects.bulk_create(rows, batch_size=5_000)
    return len(rows)


def synthetic_places_clear() -> int:
    """Remove the synthetic sites no incident refers to (the synthetic incidents go first)."""
    unused = Place.objects.filter(slug__startswith=PLACE_PREFIX).exclude(
        pk__in=Incident.objects.values("place_id")
    )
    launched_from = Incident.objects.exclude(launch_place=None).values("launch_place_id")
    unused = unused.exclude(pk__in=launched_from)  # NULLs left out: NOT IN (NULL) is never true
    deleted, _ = unused.delete()
    return deleted


def synthetic_count() -> int:
    return Incident.objects.filter(public_id__startswith=ID_PREFIX).count()


@transaction.atomic
def synthetic_clear() -> int:
    from .models import StatusChange

    ids = Incident.objects.filter(public_id__startswith=ID_PREFIX)
    # Sync clients hold the published ones: the withdrawn feed must tell them these are gone.
    now = timezone.now()
    StatusChange.objects.bulk_create(
        (
            StatusChange(
                public_id=public_id, from_status=status, to_status="deleted", changed_at=now
            )
            for public_id, status in ids.values_list("public_id", "status").iterator(
                chunk_size=5000
            )
        ),
        batch_size=5_000,
    )
    Citation.objects.filter(incident__in=ids).delete()
    Claim.objects.filter(incident__in=ids).delete()
    # Bulk-made sides have no history to keep: removed in one statement, not one per row.
    Casualty.objects.filter(incident__in=ids)._raw_delete(Casualty.objects.db)
    deleted, _ = ids.delete()
    SourceArticle.objects.filter(url__startswith=URL_PREFIX).delete()
    return deleted


def synthetic_generate(*, count: int, seed: int = 1, batch: int = 10_000, progress=None) -> int:
    """Add `count` synthetic incidents (with articles, citations, claims, attributions and
    targeted forces) after any already generated. Returns how many exist afterwards."""
    from .models import Attribution, StatusChange

    gen = Generator(seed=seed + synthetic_count())
    first = synthetic_count()
    article_base = SourceArticle.objects.filter(url__startswith=URL_PREFIX).count()
    through = Incident.targeted_forces.through
    for offset, size in _chunks(count, batch):
        with transaction.atomic():
            incidents = Incident.objects.bulk_create(
                [gen.incident(first + offset + i) for i in range(size)], batch_size=2_000
            )
            if incidents[0].pk is None:  # backends without RETURNING
                incidents = list(
                    Incident.objects.filter(
                        public_id__in=[i.public_id for i in incidents]
                    ).order_by("id")
                )
            # Roughly one article per two incidents; each incident cites one to three.
            articles = SourceArticle.objects.bulk_create(
                gen.articles(article_base, max(1, size // 2)), batch_size=2_000
            )
            article_base += len(articles)
            if articles[0].pk is None:
                articles = list(
                    SourceArticle.objects.filter(url__in=[a.url for a in articles]).order_by("id")
                )
            citations, claims, attributions, targets, sides = [], [], [], [], []
            rng = gen.rng
            for incident in incidents:
                sides.extend(gen.sides(incident))
                for article in rng.sample(articles, k=min(len(articles), rng.choice([1, 1, 2, 3]))):
                    citations.append(
                        Citation(article=article, incident=incident, quote=incident.summary_ar[:80])
                    )
                if rng.random() < 0.32:
                    claims.append(
                        Claim(
                            incident=incident,
                            actor=rng.choice(gen.claimants),
                            channel=Claim.Channel.TELEGRAM,
                            source=article,
                        )
                    )
                if rng.random() < 0.15:
                    attributions.append(
                        Attribution(
                            incident=incident,
                            actor=rng.choice(gen.blamed),
                            attributed_by=Attribution.By.US_OFFICIAL,
                            source=article,
                        )
                    )
                if gen.forces and rng.random() < 0.5:
                    targets.append(
                        through(incident_id=incident.pk, actor_id=rng.choice(gen.forces).pk)
                    )
            # Each incident's first status, as every other door records it.
            StatusChange.objects.bulk_create(
                [
                    StatusChange(
                        incident_id=i.pk,
                        public_id=i.public_id,
                        to_status=i.status,
                        changed_at=i.created_at or timezone.now(),
                    )
                    for i in incidents
                ],
                batch_size=5_000,
            )
            Citation.objects.bulk_create(citations, batch_size=5_000)
            Casualty.objects.bulk_create(sides, batch_size=5_000)
            Claim.objects.bulk_create(claims, batch_size=5_000)
            Attribution.objects.bulk_create(attributions, batch_size=5_000)
            through.objects.bulk_create(targets, batch_size=5_000)
        if progress:
            progress(offset + size)
    return synthetic_count()
