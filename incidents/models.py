"""The catalogue: places (the gazetteer), actors, and the incidents that happen at places.

Conventions that run through every model here, taken from UCDP GED and ACLED:
- precision is stored beside the value it qualifies (date_precision, location_precision);
- a count that is NULL is *unknown*; 0 means a source said *none*;
- claims (an actor says it did it) and attributions (someone blames an actor) are separate rows,
  each naming the article that reports it.
"""

import calendar
import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .countries import validate_country_code
from .querysets import ActorQuerySet, IncidentQuerySet, PlaceQuerySet
from .rules import (
    CleanTextMixin,
    max_count,
    max_note,
    plausible_date,
    plausible_date_problem,
    plausible_window_end,
    window_end_problem,
)
from .text import search_blob

country_code = RegexValidator(
    r"^[A-Z]{2}$", _("Use an ISO 3166-1 alpha-2 country code in capitals, such as IQ or SY.")
)
COUNTRY_VALIDATORS = [country_code, validate_country_code]
slug_help = _("Lower-case words joined by hyphens; used in page addresses and never changed.")


def validate_name_list(value):
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("Aliases must be a list of names, one string each."))
    if any(not v.strip() for v in value):
        raise ValidationError(_("An alias cannot be empty."))


class LocationPrecision(models.IntegerChoices):
    """How exactly a place's coordinates locate it (after UCDP where_prec / ACLED geo_precision)."""

    EXACT = 1, _("Exact site")
    NEAR = 2, _("Near a named place (within about 25 km)")
    DISTRICT = 3, _("District (second-level admin area)")
    PROVINCE = 4, _("Province (first-level admin area)")
    COUNTRY = 5, _("Country only")


class Place(CleanTextMixin, models.Model):
    class Kind(models.TextChoices):
        AIR_BASE = "air_base", _("Air base")
        AIRPORT = "airport", _("Airport")
        MILITARY_BASE = "military_base", _("Military base")
        CAMP = "camp", _("Camp")
        DIPLOMATIC = "diplomatic", _("Diplomatic facility")
        SUPPORT_SITE = "support_site", _("Support site")
        OIL_FIELD = "oil_field", _("Oil or gas field")
        BORDER_POST = "border_post", _("Border post")
        TOWN = "town", _("Town or city")
        NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
        ADMIN_AREA = "admin_area", _("Administrative area")
        COUNTRY = "country", _("Country")
        OTHER = "other", _("Other")

    slug = models.SlugField(max_length=80, unique=True, help_text=slug_help, verbose_name=_("slug"))
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    aliases = models.JSONField(
        _("aliases"),
        default=list,
        blank=True,
        validators=[validate_name_list],
        help_text=_("Other names and transliterations in any script, e.g. Ayn al-Asad, عين الاسد."),
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The place this one lies inside, e.g. Victory Base inside Baghdad airport."),
        verbose_name=_("parent"),
    )
    country = models.CharField(
        max_length=2, validators=COUNTRY_VALIDATORS, db_index=True, verbose_name=_("country")
    )
    admin1 = models.CharField(_("province / governorate"), max_length=100, blank=True)
    latitude = models.FloatField(
        validators=[MinValueValidator(-90), MaxValueValidator(90)], verbose_name=_("latitude")
    )
    longitude = models.FloatField(
        validators=[MinValueValidator(-180), MaxValueValidator(180)], verbose_name=_("longitude")
    )
    location_precision = models.PositiveSmallIntegerField(
        choices=LocationPrecision.choices,
        default=LocationPrecision.EXACT,
        verbose_name=_("location precision"),
    )
    notes = models.TextField(blank=True, validators=[max_note], verbose_name=_("notes"))
    search_text = models.TextField(editable=False, default="", verbose_name=_("search text"))

    history = HistoricalRecords()
    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["name_en"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90),
                name="place_latitude_range",
                violation_error_message=_("Latitude must be between -90 and 90."),
            ),
            models.CheckConstraint(
                condition=Q(longitude__gte=-180, longitude__lte=180),
                name="place_longitude_range",
                violation_error_message=_("Longitude must be between -180 and 180."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="place_not_own_parent",
                violation_error_message=_("A place cannot lie inside itself."),
            ),
        ]
        indexes = [models.Index(fields=["admin1"])]

    def __str__(self):
        return self.name_en

    def clean(self):
        ancestor, seen = self.parent, set()
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None or ancestor.pk in seen:
                raise ValidationError({"parent": _("A place cannot lie inside itself.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    def save(self, *args, **kwargs):
        # A derived search column, so admin and API search match every name and alias.
        self.search_text = search_blob(self.name_en, self.name_ar, self.aliases, self.slug)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"/places/{self.slug}/"


class Actor(CleanTextMixin, models.Model):
    class Kind(models.TextChoices):
        ARMED_GROUP = "armed_group", _("Armed group")
        FRONT_GROUP = "front_group", _("Front group (claims on behalf of others)")
        UMBRELLA = "umbrella", _("Umbrella or coalition of groups")
        STATE_FORCE = "state_force", _("State force")
        COALITION = "coalition", _("International coalition")
        UNKNOWN = "unknown", _("Unknown / unidentified")

    slug = models.SlugField(max_length=80, unique=True, help_text=slug_help, verbose_name=_("slug"))
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    aliases = models.JSONField(
        _("aliases"), default=list, blank=True, validators=[validate_name_list]
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        help_text=_("The umbrella or parent this actor belongs to or fronts for."),
        verbose_name=_("parent"),
    )
    country = models.CharField(
        max_length=2, validators=COUNTRY_VALIDATORS, blank=True, verbose_name=_("country")
    )
    description = models.TextField(blank=True, validators=[max_note], verbose_name=_("description"))
    search_text = models.TextField(editable=False, default="", verbose_name=_("search text"))

    history = HistoricalRecords()
    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name_en"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="actor_not_own_parent",
                violation_error_message=_("An actor cannot be its own parent."),
            ),
        ]

    def __str__(self):
        return self.name_en

    def clean(self):
        ancestor, seen = self.parent, set()
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None or ancestor.pk in seen:
                raise ValidationError({"parent": _("An actor cannot be its own parent.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    def save(self, *args, **kwargs):
        self.search_text = search_blob(self.name_en, self.name_ar, self.aliases, self.slug)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"/actors/{self.slug}/"


# Who can be the target of an attack on a base, and who can claim one.
TARGETED_KINDS = ["state_force", "coalition"]
CLAIMANT_KINDS = ["armed_group", "front_group", "umbrella", "unknown"]


class DatePrecision(models.IntegerChoices):
    """How exactly the date is known (after UCDP date_prec 1-5)."""

    DAY = 1, _("Day")
    SPAN = 2, _("Span of 2-6 days")
    WEEK = 3, _("Week")
    MONTH = 4, _("Month")
    YEAR = 5, _("Year")


class Weapon(models.TextChoices):
    DRONE = "drone", _("Drone")
    ROCKET = "rocket", _("Rocket")
    MORTAR = "mortar", _("Mortar")
    BALLISTIC_MISSILE = "ballistic_missile", _("Ballistic missile")
    CRUISE_MISSILE = "cruise_missile", _("Cruise missile")
    IED = "ied", _("IED")
    UNKNOWN = "unknown", _("Unknown")


class Damage(models.TextChoices):
    NONE = "none", _("None reported")
    MINOR = "minor", _("Minor")
    SIGNIFICANT = "significant", _("Significant")
    SEVERE = "severe", _("Severe")


def new_public_id() -> str:
    """A short, unguessable, permanent identifier such as SLV-7K3Q9M2A."""
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
    bits = int.from_bytes(secrets.token_bytes(5))  # 40 random bits, 5 per character
    return "SLV-" + "".join(alphabet[(bits >> shift) & 31] for shift in range(0, 40, 5))


RANGE_ORDER = _("Estimates must run low ≤ best ≤ high.")


def disordered_ranges(get) -> list[str]:
    """Which of killed and wounded break low ≤ best ≤ high, reading figures by `get(name)`;
    unknown ends are left out of the comparison."""
    wrong = []
    for what in ("killed", "wounded"):
        known = [get(f) for f in (f"{what}_low", what, f"{what}_high")]
        known = [v for v in known if v is not None]
        if known != sorted(known):
            wrong.append(what)
    return wrong


def _ordered(
    low: str, best: str, high: str, what: str, table: str = "incident"
) -> list[models.CheckConstraint]:
    """low <= best <= high for a casualty range, each side allowed to be unknown."""
    return [
        models.CheckConstraint(
            condition=Q(**{f"{low}__isnull": True})
            | Q(**{f"{best}__isnull": True})
            | Q(**{f"{low}__lte": F(best)}),
            name=f"{table}_{what}_low_le_best",
            violation_error_message=_("The low estimate cannot exceed the best estimate."),
        ),
        models.CheckConstraint(
            condition=Q(**{f"{best}__isnull": True})
            | Q(**{f"{high}__isnull": True})
            | Q(**{f"{best}__lte": F(high)}),
            name=f"{table}_{what}_best_le_high",
            violation_error_message=_("The best estimate cannot exceed the high estimate."),
        ),
        models.CheckConstraint(
            condition=Q(**{f"{low}__isnull": True})
            | Q(**{f"{high}__isnull": True})
            | Q(**{f"{low}__lte": F(high)}),
            name=f"{table}_{what}_low_le_high",
            violation_error_message=_("The low estimate cannot exceed the high estimate."),
        ),
    ]


class Incident(CleanTextMixin, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETRACTED = "retracted", _("Retracted")

    public_id = models.CharField(
        max_length=20,
        unique=True,
        default=new_public_id,
        editable=False,
        verbose_name=_("public ID"),
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        verbose_name=_("status"),
    )
    status_reason = models.TextField(
        blank=True,
        validators=[max_note],
        help_text=_("Why it was retracted or sent back; shown with the status."),
        verbose_name=_("reason for the status"),
    )

    # When. date_start..date_end is the window the attack happened in; one day when exact.
    date_start = models.DateField(_("date (first day)"), db_index=True, validators=[plausible_date])
    date_end = models.DateField(
        _("date (last day)"),
        blank=True,
        # Filled from date_start and the precision when left empty; may end after today.
        validators=[plausible_window_end],
        help_text=_(
            "Leave empty for a single day, week, month or year: it follows from the "
            "first day and the precision."
        ),
    )
    date_precision = models.PositiveSmallIntegerField(
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        verbose_name=_("date known to"),
    )
    time_of_day = models.TimeField(_("local time"), null=True, blank=True)
    time_note = models.CharField(
        max_length=120,
        blank=True,
        help_text=_("As reported, e.g. 'dawn', 'just after midnight'."),
        verbose_name=_("time note"),
    )
    date_note = models.TextField(
        blank=True,
        validators=[max_note],
        help_text=_("How the date was worked out, and from which source."),
        verbose_name=_("date note"),
    )

    # Where.
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="incidents", verbose_name=_("place")
    )
    location_precision = models.PositiveSmallIntegerField(
        choices=LocationPrecision.choices,
        default=LocationPrecision.EXACT,
        help_text=_("'Near' when sources say the attack hit close to, not at, the place."),
        verbose_name=_("location precision"),
    )
    location_note = models.CharField(max_length=300, blank=True, verbose_name=_("location note"))

    # What.
    weapon = models.CharField(
        max_length=20, choices=Weapon.choices, db_index=True, verbose_name=_("weapon")
    )
    weapon_detail = models.CharField(
        max_length=120,
        blank=True,
        help_text=_("E.g. 'Katyusha', '107 mm', 'explosive-laden'."),
        verbose_name=_("weapon detail"),
    )
    launched = models.PositiveIntegerField(
        null=True, blank=True, validators=[max_count], verbose_name=_("launched")
    )
    intercepted = models.PositiveIntegerField(
        _("intercepted / shot down"), null=True, blank=True, validators=[max_count]
    )
    impacted = models.PositiveIntegerField(
        null=True, blank=True, validators=[max_count], verbose_name=_("impacted")
    )
    fell_short = models.PositiveIntegerField(
        null=True, blank=True, validators=[max_count], verbose_name=_("fell short of the target")
    )
    defence_system = models.CharField(
        max_length=120, blank=True, verbose_name=_("air defence system")
    )

    # Harm. NULL = unknown, 0 = sources report none.
    killed_low = models.PositiveIntegerField(
        null=True, blank=True, validators=[max_count], verbose_name=_("killed (low)")
    )
    killed = models.PositiveIntegerField(
        _("killed (best)"), null=True, blank=True, validators=[max_count]
    )
    killed_high = models.PositiveIntegerField(
        null=True, blank=True, validators=[max_count], verbose_name=_("killed (high)")
    )
    wounded_low = models.PositiveIntegerField(
        null=True, blank=True, validators=[max_count], verbose_name=_("wounded (low)")
    )
    wounded = models.PositiveIntegerField(
        _("wounded (best)"), null=True, blank=True, validators=[max_count]
    )
    wounded_high = models.PositiveIntegerField(
        null=True, blank=True, validators=[max_count], verbose_name=_("wounded (high)")
    )
    casualty_note = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("Whose casualties, where sources say."),
        verbose_name=_("casualty note"),
    )
    damage = models.CharField(
        max_length=12,
        choices=Damage.choices,
        blank=True,
        help_text=_("Blank when unknown."),
        verbose_name=_("damage"),
    )
    damage_detail = models.TextField(
        blank=True, validators=[max_note], verbose_name=_("damage detail")
    )

    launch_site = models.CharField(max_length=200, blank=True, verbose_name=_("launch site"))
    launch_place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="launches",
        help_text=_("The launch site, when it is in the gazetteer."),
        verbose_name=_("launch site (gazetteer)"),
    )
    targeted_forces = models.ManyToManyField(
        Actor,
        blank=True,
        related_name="targeted_in",
        limit_choices_to={"kind__in": TARGETED_KINDS},
        help_text=_("Forces present at the target (state forces or a coalition)."),
        verbose_name=_("targeted forces"),
    )

    summary_en = models.TextField(_("summary (English)"), blank=True, validators=[max_note])
    summary_ar = models.TextField(_("summary (Arabic)"), blank=True, validators=[max_note])

    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, db_index=True, verbose_name=_("updated at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text=_("Raised on every save; stale edits are refused."),
        verbose_name=_("version"),
    )
    search_text = models.TextField(editable=False, default="", verbose_name=_("search text"))

    history = HistoricalRecords(
        m2m_fields=[targeted_forces],
        # History is read by incident (id) only; the live table's other indexes made every
        # write, an import's above all, update nine indexes nobody queries.
        no_db_index=[
            "public_id",
            "status",
            "date_start",
            "weapon",
            "updated_at",
            "place",
            "launch_place",
            "created_by",
            "updated_by",
        ],
    )
    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-date_start", "-id"]
        indexes = [
            models.Index(fields=["status", "date_start"], name="incident_status_date"),
            models.Index(fields=["place", "date_start"], name="incident_place_date"),
            models.Index(fields=["weapon", "date_start"], name="incident_weapon_date"),
            # Covering indexes for the dashboard's aggregates over published incidents: the
            # timeline, the map and their weapon-filtered variants read only the index (an
            # index-only scan on PostgreSQL, a covering index on SQLite), never the wide rows.
            models.Index(
                fields=["status", "date_start", "weapon", "date_end"],
                name="incident_timeline_cover",
            ),
            models.Index(
                fields=[
                    "status",
                    "place",
                    "weapon",
                    "location_precision",
                    "date_start",
                    "date_end",
                ],
                name="incident_map_cover",
            ),
            models.Index(
                fields=[
                    "status",
                    "weapon",
                    "date_start",
                    "date_end",
                    "place",
                    "location_precision",
                ],
                name="incident_weapon_cover",
            ),
            # The map under a weapon filter: with the weapon fixed, SQLite groups by (place,
            # precision) and needs them next in the index to avoid sorting every match.
            models.Index(
                fields=[
                    "status",
                    "weapon",
                    "place",
                    "location_precision",
                    "date_start",
                    "date_end",
                ],
                name="incident_weapon_map_cover",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_end__gte=F("date_start")),
                name="incident_date_end_after_start",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.CheckConstraint(
                condition=~Q(date_precision=DatePrecision.DAY) | Q(date_end=F("date_start")),
                name="incident_day_precision_one_day",
                violation_error_message=_(
                    "A date known to the day has the same first and last day."
                ),
            ),
            models.CheckConstraint(
                condition=Q(date_precision=DatePrecision.DAY) | Q(date_end__gt=F("date_start")),
                name="incident_coarse_precision_spans_days",
                violation_error_message=_(
                    "A span, week, month or year must cover more than one day."
                ),
            ),
            models.CheckConstraint(
                condition=Q(date_precision__gte=1, date_precision__lte=5),
                name="incident_date_precision_valid",
                violation_error_message=_("Unknown date precision."),
            ),
            models.CheckConstraint(
                condition=Q(launched__isnull=True)
                | Q(intercepted__isnull=True)
                | Q(intercepted__lte=F("launched")),
                name="incident_intercepted_le_launched",
                violation_error_message=_("More were intercepted than were launched."),
            ),
            models.CheckConstraint(
                condition=Q(launched__isnull=True)
                | Q(impacted__isnull=True)
                | Q(impacted__lte=F("launched")),
                name="incident_impacted_le_launched",
                violation_error_message=_("More impacted than were launched."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "retracted"]),
                name="incident_status_valid",
                violation_error_message=_("Unknown status."),
            ),
            *_ordered("killed_low", "killed", "killed_high", "killed"),
            *_ordered("wounded_low", "wounded", "wounded_high", "wounded"),
        ]

    def __str__(self):
        return f"{self.public_id} {self.date_start} {self.get_weapon_display()} — {self.place}"

    def clean(self):
        errors = {}
        if plausible_date_problem(self.date_start) or window_end_problem(self.date_end):
            # The field validators say what is wrong; a window from such a date means nothing
            # (and past 9999-12-25 a week's end cannot even be computed).
            return
        if self.date_start and not self.date_end and self.date_precision != DatePrecision.SPAN:
            # Only the first day was typed: the precision says how long the window is.
            self.date_start, self.date_end = date_window(self.date_start, self.date_precision)
        if self.date_start and self.date_end:
            problem = date_window_problem(self.date_start, self.date_end, self.date_precision)
            if problem:
                errors["date_end"] = problem
        if self.launched is not None:
            too_many = [
                f
                for f in ("intercepted", "impacted", "fell_short")
                if getattr(self, f) is not None and getattr(self, f) > self.launched
            ]
            for field in too_many:
                errors[field] = _("Cannot be more than the %(n)s launched.") % {"n": self.launched}
            parts = [self.intercepted or 0, self.impacted or 0, self.fell_short or 0]
            if sum(parts) > self.launched and not too_many:
                errors["launched"] = _(
                    "Intercepted, impacted and fell short add up to more than were launched."
                )
        for what in disordered_ranges(lambda name: getattr(self, name)):
            errors[what] = RANGE_ORDER
        if self.status == self.Status.RETRACTED and not self.status_reason.strip():
            errors["status_reason"] = _("Say why the incident is retracted.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        place = self.place if self.place_id else None
        self.search_text = search_blob(
            self.public_id,
            self.summary_en,
            self.summary_ar,
            self.weapon_detail,
            self.launch_site,
            self.location_note,
            self.defence_system,
            place and place.search_text,
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"/incidents/{self.public_id}/"

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED


class StatusChange(models.Model):
    """One change of an incident's status, written by the services every door goes through
    (workspace, API, admin, merge, delete, import). The withdrawn feed for sync clients reads
    these rather than history, which bulk writes skip. `public_note` is what the public may
    read (a retraction's reason), never a reviewer's comment to the editor."""

    class To(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETRACTED = "retracted", _("Retracted")
        MERGED = "merged", _("Merged into another incident")
        DELETED = "deleted", _("Deleted")

    incident = models.ForeignKey(
        Incident,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="status_changes",
        verbose_name=_("incident"),
    )
    public_id = models.CharField(_("public ID"), max_length=20, db_index=True)
    from_status = models.CharField(_("from"), max_length=10, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=To.choices)
    public_note = models.TextField(_("public note"), blank=True)
    replaced_by = models.CharField(_("replaced by"), max_length=20, blank=True)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now, db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        ordering = ["changed_at", "id"]
        indexes = [models.Index(fields=["from_status", "changed_at"], name="statuschange_from")]

    def __str__(self):
        return f"{self.public_id}: {self.from_status or '-'} → {self.to_status}"


def date_window(start: dt.date, precision: int) -> tuple[dt.date, dt.date]:
    """The canonical window for a date known to a week, month or year, starting at `start`
    (a week that would run past the calendar's end stops at 9999-12-31)."""
    if precision == DatePrecision.WEEK:
        return start, min(start, dt.date.max - dt.timedelta(days=6)) + dt.timedelta(days=6)
    if precision == DatePrecision.MONTH:
        first = start.replace(day=1)
        return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])
    if precision == DatePrecision.YEAR:
        return start.replace(month=1, day=1), start.replace(month=12, day=31)
    return start, start


def date_window_problem(start: dt.date, end: dt.date, precision: int):
    """Why (start, end) does not fit `precision`, or None when it does."""
    days = (end - start).days
    if days < 0:
        return _("The last day cannot be before the first day.")
    if precision == DatePrecision.DAY and days != 0:
        return _("A date known to the day has the same first and last day.")
    if precision == DatePrecision.SPAN and not 1 <= days <= 5:
        return _("A span covers 2 to 6 days.")
    coarse = precision in (DatePrecision.WEEK, DatePrecision.MONTH, DatePrecision.YEAR)
    if coarse and (start, end) != date_window(start, precision):
        label = DatePrecision(precision).label.lower()
        return _("A %(p)s-precision date runs over the whole %(p)s.") % {"p": label}
    return None


class Claim(CleanTextMixin, models.Model):
    """An actor says it carried out the attack. Not evidence that it did."""

    class Channel(models.TextChoices):
        TELEGRAM = "telegram", _("Telegram")
        STATEMENT = "statement", _("Written statement")
        SOCIAL = "social", _("Other social media")
        BROADCAST = "broadcast", _("TV or radio")
        OTHER = "other", _("Other / not stated")

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="claims", verbose_name=_("incident")
    )
    actor = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        related_name="claims",
        limit_choices_to={"kind__in": CLAIMANT_KINDS},
        verbose_name=_("actor"),
    )
    channel = models.CharField(
        max_length=12, choices=Channel.choices, default=Channel.OTHER, verbose_name=_("channel")
    )
    claimed_on = models.DateField(
        null=True, blank=True, validators=[plausible_date], verbose_name=_("claimed on")
    )
    source = models.ForeignKey(
        "sources.SourceArticle",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        help_text=_("The article that reports the claim."),
        verbose_name=_("source"),
    )
    quote = models.TextField(
        blank=True,
        validators=[max_note],
        help_text=_("Short quote in the original language."),
        verbose_name=_("quote"),
    )
    notes = models.TextField(blank=True, validators=[max_note], verbose_name=_("notes"))

    history = HistoricalRecords(no_db_index=["actor", "source"])  # read by incident

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "actor", "source"],
                name="claim_once_per_actor_and_source",
                violation_error_message=_("This source's claim by this actor is already recorded."),
            )
        ]

    def __str__(self):
        return f"{self.actor} claims {self.incident.public_id}"

    def clean(self):
        errors = {}
        if self.actor_id and self.actor.kind not in CLAIMANT_KINDS:
            errors["actor"] = _(
                "%(actor)s is a %(kind)s: forces are blamed (an attribution), groups claim."
            ) % {"actor": self.actor, "kind": self.actor.get_kind_display().lower()}
        if self.source_id and self.incident_id:
            cited = self.incident.citations.filter(article_id=self.source_id).exists()
            if not cited:
                errors["source"] = _(
                    "Cite this article for the incident first: a claim is reported by one of "
                    "the incident's sources."
                )
        if errors:
            raise ValidationError(errors)


class Attribution(CleanTextMixin, models.Model):
    """Someone (an official, a government, an analyst) blames an actor for the attack."""

    class By(models.TextChoices):
        US_OFFICIAL = "us_official", _("US officials")
        COALITION = "coalition", _("Coalition officials")
        IRAQI_OFFICIAL = "iraqi_official", _("Iraqi officials / security sources")
        OTHER_GOVERNMENT = "other_government", _("Another government")
        MEDIA = "media", _("Media")
        ANALYST = "analyst", _("Salvo analyst assessment")

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="attributions", verbose_name=_("incident")
    )
    actor = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="attributions", verbose_name=_("actor")
    )
    attributed_by = models.CharField(
        max_length=20, choices=By.choices, verbose_name=_("attributed by")
    )
    attributed_by_detail = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Who exactly, e.g. 'a Pentagon spokesperson'."),
        verbose_name=_("attributed by (detail)"),
    )
    source = models.ForeignKey(
        "sources.SourceArticle",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attributions",
        verbose_name=_("source"),
    )
    quote = models.TextField(blank=True, validators=[max_note], verbose_name=_("quote"))
    notes = models.TextField(blank=True, validators=[max_note], verbose_name=_("notes"))

    history = HistoricalRecords(no_db_index=["actor", "source"])  # read by incident

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "actor", "attributed_by", "source"],
                name="attribution_once_per_source",
                violation_error_message=_("This attribution is already recorded for this source."),
            )
        ]

    def clean(self):
        if self.attributed_by != self.By.ANALYST and self.source_id is None:
            raise ValidationError({"source": _("Name the article that reports this attribution.")})

    def __str__(self):
        return f"{self.incident.public_id} attributed to {self.actor} by {self.attributed_by}"


class Party(models.TextChoices):
    """Whose people were killed or wounded, as the field reports it."""

    US_FORCES = "us_forces", _("US forces")
    COALITION = "coalition", _("Coalition forces")
    IRAQI_FORCES = "iraqi_forces", _("Iraqi security forces")
    KURDISH_FORCES = "kurdish_forces", _("Kurdish forces")
    CONTRACTORS = "contractors", _("Contractors")
    CIVILIANS = "civilians", _("Civilians")
    ATTACKERS = "attackers", _("Attackers")
    UNKNOWN = "unknown", _("Unknown / not stated")


PARTY_ORDER = {party.value: n for n, party in enumerate(Party)}
CASUALTY_FIGURES = ("killed_low", "killed", "killed_high", "wounded_low", "wounded", "wounded_high")


def casualty_totals(rows) -> dict:
    """The incident's killed/wounded columns derived from its rows by side (objects or dicts).

    For each of killed and wounded, only the sides that report that figure count. The best
    total is the sum of their best figures, unknown if one of them gives none. A low (or high)
    total exists once some side gives a low (high); a side that gives only a best counts it as
    its low and its high, and a side with neither leaves the total unknown. So one side's
    figures are the totals exactly, and low <= best <= high holds for the sums as for each
    side."""

    def get(row, name):
        return row.get(name) if isinstance(row, dict) else getattr(row, name)

    totals = {}
    for what in ("killed", "wounded"):
        ends = (f"{what}_low", what, f"{what}_high")
        reporting = [r for r in rows if any(get(r, e) is not None for e in ends)]
        best = [get(r, what) for r in reporting]
        totals[what] = sum(best) if reporting and None not in best else None
        for end in (f"{what}_low", f"{what}_high"):
            if not any(get(r, end) is not None for r in reporting):
                totals[end] = None
                continue
            values = [get(r, end) if get(r, end) is not None else get(r, what) for r in reporting]
            totals[end] = None if None in values else sum(values)
    return totals


class Casualty(models.Model):
    """Killed and wounded on one side of an incident. The incident's own killed/wounded
    columns are the totals of these rows, kept by the services on every write. NULL is
    unknown and 0 is none reported, as everywhere."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="casualties", verbose_name=_("incident")
    )
    party = models.CharField(max_length=16, choices=Party.choices, verbose_name=_("side"))
    killed_low = models.PositiveIntegerField(
        null=True, blank=True, validators=[max_count], verbose_name=_("killed (low)")
    )
    killed = models.PositiveIntegerField(
        _("killed (best)"), null=True, blank=True, validators=[max_count]
    )
    killed_high = models.PositiveIntegerField(
        null=True, blank=True, validators=[max_count], verbose_name=_("killed (high)")
    )
    wounded_low = models.PositiveIntegerField(
        null=True, blank=True, validators=[max_count], verbose_name=_("wounded (low)")
    )
    wounded = models.PositiveIntegerField(
        _("wounded (best)"), null=True, blank=True, validators=[max_count]
    )
    wounded_high = models.PositiveIntegerField(
        null=True, blank=True, validators=[max_count], verbose_name=_("wounded (high)")
    )

    history = HistoricalRecords()  # read by incident

    class Meta:
        ordering = ["incident", "id"]
        verbose_name = _("casualties on one side")
        verbose_name_plural = _("casualties by side")
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "party"],
                name="casualty_once_per_side",
                violation_error_message=_("This side's casualties are already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(party__in=[p.value for p in Party]),
                name="casualty_party_valid",
                violation_error_message=_("Unknown side."),
            ),
            *_ordered("killed_low", "killed", "killed_high", "killed", table="casualty"),
            *_ordered("wounded_low", "wounded", "wounded_high", "wounded", table="casualty"),
        ]

    def __str__(self):
        return f"{self.incident_id} {self.party}: {self.killed} killed, {self.wounded} wounded"

    def clean(self):
        wrong = disordered_ranges(lambda name: getattr(self, name))
        if wrong:
            raise ValidationError(dict.fromkeys(wrong, RANGE_ORDER))

    @property
    def is_empty(self) -> bool:
        return all(getattr(self, f) is None for f in CASUALTY_FIGURES)
