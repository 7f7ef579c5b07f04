"""Where facts come from: outlets, the articles they publish, and citations tying an article to an
incident with the quote that supports it and the figures that source gave."""

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from incidents.models import COUNTRY_VALIDATORS, Incident
from incidents.querysets import SearchableQuerySet
from incidents.rules import (
    MAX_ARTICLE_TEXT,
    CleanTextMixin,
    max_count,
    max_note,
    plausible_date,
)
from incidents.text import normalize_search, search_blob

LANGUAGES = [
    ("ar", _("Arabic")),
    ("en", _("English")),
    ("fa", _("Persian")),
    ("ku", _("Kurdish")),
    ("fr", _("French")),
    ("other", _("Other")),
]

# Query parameters that only track the reader; dropping them makes one article one URL.
TRACKING_PARAMS = {"fbclid", "gclid", "igshid", "mc_cid", "mc_eid", "ref", "ref_src", "amp"}


URL_MAX_LENGTH = 1000


def normalize_url(url: str) -> str:
    """Canonical form of an article URL: https, lower-case host without www, no fragment,
    no tracking parameters, no trailing slash. Two spellings of one link compare equal.
    Raises ValueError for what cannot be a web address (a port beyond 65535, a bad IPv6
    literal); `url_problem` turns that into a message."""
    url = (url or "").strip()
    if not url:
        return ""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS and not k.lower().startswith("utm_")
    ]
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https", host, path, urlencode(sorted(query)), ""))


def url_problem(url: str):
    """Why `url` cannot be stored as an article's address, or None."""
    try:
        normal = normalize_url(url)
    except ValueError:
        return _("This is not a web address Salvo can keep (check the host and port).")
    if len(normal) > URL_MAX_LENGTH:
        return _(
            "This address is %(n)s characters once written out in full (non-Latin letters "
            "take several each); Salvo keeps addresses up to %(max)s."
        ) % {"n": len(normal), "max": URL_MAX_LENGTH}
    return None


def content_hash(text: str) -> str:
    """SHA-256 of the text with whitespace and Arabic spelling variants folded, so a re-pasted
    copy of the same article is recognised."""
    folded = " ".join(normalize_search(text).split())
    return hashlib.sha256(folded.encode()).hexdigest() if folded else ""


class Reliability(models.TextChoices):
    """The Admiralty (NATO STANAG 2511) grade of a source: how far it has proved right before."""

    A = "A", _("A: completely reliable")
    B = "B", _("B: usually reliable")
    C = "C", _("C: fairly reliable")
    D = "D", _("D: not usually reliable")
    E = "E", _("E: unreliable")
    F = "F", _("F: reliability cannot be judged")


class Credibility(models.IntegerChoices):
    """The Admiralty grade of one piece of information: how far other reporting bears it out."""

    CONFIRMED = 1, _("1: confirmed by other sources")
    PROBABLE = 2, _("2: probably true")
    POSSIBLE = 3, _("3: possibly true")
    DOUBTFUL = 4, _("4: doubtful")
    IMPROBABLE = 5, _("5: improbable")
    UNKNOWN = 6, _("6: truth cannot be judged")


def admiralty_grade(reliability: str, credibility, outlet_reliability: str = "") -> str:
    """The grade as analysts write it ("B2"): the citation's own reliability, else its outlet's;
    "?" for an ungraded half; "" when neither half is graded."""
    letter = reliability or outlet_reliability or ""
    if not letter and not credibility:
        return ""
    return f"{letter or '?'}{credibility or '?'}"


def reliability_q(letters, prefix: str = "") -> models.Q:
    """Citations (or, with `prefix`, rows reaching citations through it) whose reliability is
    one of `letters`, an ungraded citation taking its outlet's grade."""
    return models.Q(**{f"{prefix}reliability__in": letters}) | models.Q(
        **{f"{prefix}reliability": "", f"{prefix}article__outlet__reliability__in": letters}
    )


class Outlet(CleanTextMixin, models.Model):
    class Kind(models.TextChoices):
        NEWS = "news", _("News outlet")
        WIRE = "wire", _("Wire agency")
        GOVERNMENT = "government", _("Government or military")
        SOCIAL = "social", _("Social media channel")
        OTHER = "other", _("Other")

    slug = models.SlugField(max_length=80, unique=True, verbose_name=_("slug"))
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    kind = models.CharField(
        max_length=12, choices=Kind.choices, default=Kind.NEWS, verbose_name=_("kind")
    )
    website = models.URLField(blank=True, verbose_name=_("website"))
    country = models.CharField(
        max_length=2, blank=True, validators=COUNTRY_VALIDATORS, verbose_name=_("country")
    )
    language = models.CharField(
        max_length=8, choices=LANGUAGES, blank=True, verbose_name=_("language")
    )
    reliability = models.CharField(
        max_length=1,
        choices=Reliability.choices,
        blank=True,
        help_text=_("Admiralty grade A–F: how reliable this outlet has proved. Empty: not graded."),
        verbose_name=_("reliability"),
    )
    notes = models.TextField(blank=True, validators=[max_note], verbose_name=_("notes"))
    search_text = models.TextField(editable=False, default="", verbose_name=_("search text"))

    history = HistoricalRecords()
    objects = SearchableQuerySet.as_manager()

    class Meta:
        ordering = ["name_en"]

    def __str__(self):
        return self.name_en

    def save(self, *args, **kwargs):
        self.search_text = search_blob(self.name_en, self.name_ar, self.slug, self.website)
        super().save(*args, **kwargs)


class SourceArticleQuerySet(SearchableQuerySet):
    def public(self):
        """Articles a published incident cites: the only ones whose existence (title, URL,
        hash) the public may learn. An article cited only by drafts stays private."""
        cited = Citation.objects.filter(article=models.OuterRef("pk"), incident__status="published")
        return self.filter(models.Exists(cited))

    def visible_to(self, user):
        from incidents.roles import is_editor

        return self if is_editor(user) else self.public()


class SourceArticle(CleanTextMixin, models.Model):
    url = models.URLField(max_length=URL_MAX_LENGTH, blank=True, verbose_name=_("URL"))
    outlet = models.ForeignKey(
        Outlet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        help_text=_("Leave empty when the publisher is not known."),
        verbose_name=_("outlet"),
    )
    wire_agency = models.ForeignKey(
        Outlet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="wire_articles",
        limit_choices_to={"kind": Outlet.Kind.WIRE},
        help_text=_("The agency the report comes from (AFP, Reuters), if the article names one."),
        verbose_name=_("wire agency"),
    )
    title = models.CharField(max_length=500, verbose_name=_("title"))
    author = models.CharField(
        max_length=200, blank=True, help_text=_("The byline, if any."), verbose_name=_("author")
    )
    published_on = models.DateField(
        null=True,
        blank=True,
        db_index=True,
        validators=[plausible_date],
        verbose_name=_("published on"),
    )
    published_note = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("How the publication date is known, or why not."),
        verbose_name=_("published note"),
    )
    language = models.CharField(
        max_length=8, choices=LANGUAGES, default="ar", verbose_name=_("language")
    )
    text = models.TextField(
        blank=True,
        validators=[MaxLengthValidator(MAX_ARTICLE_TEXT)],
        help_text=_("Kept for search and editors; never public."),
        verbose_name=_("text"),
    )
    retrieved_at = models.DateTimeField(
        null=True, blank=True, validators=[plausible_date], verbose_name=_("retrieved at")
    )
    content_hash = models.CharField(
        max_length=64, blank=True, db_index=True, editable=False, verbose_name=_("content hash")
    )
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
    search_text = models.TextField(editable=False, default="", verbose_name=_("search text"))

    history = HistoricalRecords(
        excluded_fields=["text", "search_text"],
        # History is read by article (id) only: no copies of the live table's other indexes.
        no_db_index=[
            "published_on",
            "content_hash",
            "updated_at",
            "outlet",
            "wire_agency",
            "created_by",
        ],
    )
    objects = SourceArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="sourcearticle_url_unique",
                violation_error_message=_("An article with this URL is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(wire_agency__isnull=True) | ~Q(wire_agency=F("outlet")),
                name="sourcearticle_wire_not_outlet",
                violation_error_message=_("The wire agency is the outlet itself; leave it empty."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        problem = url_problem(self.url)
        if problem:
            raise ValidationError({"url": problem})
        self.url = normalize_url(self.url)
        if self.url:
            clash = SourceArticle.objects.filter(url=self.url).exclude(pk=self.pk).first()
            if clash:
                raise ValidationError(
                    {"url": _("This URL is already recorded as “%(t)s”.") % {"t": clash.title}}
                )

    def save(self, *args, **kwargs):
        if not url_problem(self.url):  # full_clean() has refused it otherwise
            self.url = normalize_url(self.url)
        if self.text:
            self.content_hash = content_hash(self.text)
        self.search_text = search_blob(self.title, self.url, self.text)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"/sources/{self.pk}/"


class Citation(CleanTextMixin, models.Model):
    """One article supports one incident. Figures are filled only where this source differs
    from, or adds to, the incident's own values (sources disagree: 4 rockets vs 2)."""

    class Role(models.TextChoices):
        MAIN = "main", _("Reports the attack")
        BACKGROUND = "background", _("Mentions it in passing")

    article = models.ForeignKey(
        SourceArticle, on_delete=models.PROTECT, related_name="citations", verbose_name=_("article")
    )
    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="citations", verbose_name=_("incident")
    )
    role = models.CharField(
        max_length=12, choices=Role.choices, default=Role.MAIN, verbose_name=_("role")
    )
    quote = models.TextField(
        max_length=1000,
        validators=[MaxLengthValidator(1000)],
        help_text=_("A short supporting passage in the article's own language."),
        verbose_name=_("quote"),
    )
    quote_language = models.CharField(
        max_length=8, choices=LANGUAGES, default="ar", verbose_name=_("quote language")
    )
    reported_date = models.DateField(
        null=True,
        blank=True,
        validators=[plausible_date],
        verbose_name=_("date (as this source reports)"),
    )
    reported_launched = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[max_count],
        verbose_name=_("launched (as this source reports)"),
    )
    reported_intercepted = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[max_count],
        verbose_name=_("intercepted (as this source reports)"),
    )
    reported_killed = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[max_count],
        verbose_name=_("killed (as this source reports)"),
    )
    reported_wounded = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[max_count],
        verbose_name=_("wounded (as this source reports)"),
    )
    note = models.TextField(
        blank=True,
        validators=[max_note],
        help_text=_("What else this source says differently."),
        verbose_name=_("note"),
    )
    reliability = models.CharField(
        max_length=1,
        choices=Reliability.choices,
        blank=True,
        help_text=_("Admiralty grade A–F of this source for this report; empty: the outlet's."),
        verbose_name=_("source reliability"),
    )
    credibility = models.PositiveSmallIntegerField(
        choices=Credibility.choices,
        null=True,
        blank=True,
        help_text=_("Admiralty grade 1–6 of what this source says about the incident."),
        verbose_name=_("information credibility"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    history = HistoricalRecords(no_db_index=["article", "created_by"])  # read by incident

    class Meta:
        ordering = ["article__published_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "incident"],
                name="citation_once_per_article",
                violation_error_message=_("This article already cites this incident."),
            ),
            models.CheckConstraint(
                condition=Q(reported_launched__isnull=True)
                | Q(reported_intercepted__isnull=True)
                | Q(reported_intercepted__lte=F("reported_launched")),
                name="citation_intercepted_le_launched",
                violation_error_message=_("The source reports more intercepted than launched."),
            ),
        ]

    def __str__(self):
        return f"{self.article} → {self.incident.public_id}"

    @property
    def grade(self) -> str:
        """The Admiralty grade as analysts write it ("B2"), the outlet's reliability standing in
        for the citation's own; "" when neither part is graded."""
        outlet = self.article.outlet if self.article_id else None
        return admiralty_grade(
            self.reliability, self.credibility, outlet.reliability if outlet else ""
        )

    def clean(self):
        if not (self.quote or "").strip():
            raise ValidationError({"quote": _("Quote the passage that supports the incident.")})
        text = self.article.text if self.article_id else ""
        if text and normalize_search(self.quote) not in normalize_search(text):
            raise ValidationError({"quote": _("This quote does not appear in the article's text.")})


class Snapshot(models.Model):
    """The page as Salvo's fetcher received it: the bytes, where they came from and their
    SHA-256, so what an editor read can be shown and checked later (Berkeley Protocol practice).
    Never served as live HTML."""

    article = models.ForeignKey(
        SourceArticle,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="snapshots",
        verbose_name=_("article"),
    )
    requested_url = models.TextField(verbose_name=_("requested URL"))
    final_url = models.TextField(verbose_name=_("final URL after redirects"))
    http_status = models.PositiveSmallIntegerField(verbose_name=_("HTTP status"))
    content_type = models.CharField(max_length=200, verbose_name=_("content type"))
    fetched_at = models.DateTimeField(verbose_name=_("fetched at"))
    sha256 = models.CharField(max_length=64, db_index=True, verbose_name=_("SHA-256"))
    size = models.PositiveIntegerField(verbose_name=_("size in bytes"))
    body = models.BinaryField(verbose_name=_("body"))
    extracted = models.JSONField(default=dict, blank=True, verbose_name=_("extracted fields"))
    fetched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fetched by"),
    )

    class Meta:
        ordering = ["-fetched_at", "-id"]
        get_latest_by = "fetched_at"

    def __str__(self):
        return f"{self.final_url} @ {self.fetched_at:%Y-%m-%d %H:%M} ({self.sha256[:12]})"
