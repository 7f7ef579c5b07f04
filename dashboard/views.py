"""Public pages. Thin: each view asks a selector for its data and renders one template."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_bidi, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from editor.selectors import resolve_public_id
from incidents.dates import DIGITS_COOKIE, DayFirstDateField, day_first, parse_date_text
from incidents.models import Weapon

from . import selectors

PERIOD = {"date_from": gettext_lazy("From"), "date_to": gettext_lazy("To")}


def period_boxes(params) -> tuple[dict, dict]:
    """The period's date boxes as typed into the form (without its script, or in a link):
    ISO dates for the URL, and for each box the text it shows and its error, if any."""
    iso, boxes = {}, {}
    for key, label in PERIOD.items():
        raw = params.get(key, "").strip()[:40]
        box = {"value": raw, "error": "", "label": label}
        try:
            parsed = parse_date_text(raw)
        except ValueError:
            message = DayFirstDateField.default_error_messages["invalid"] % {"value": raw}
            box["error"] = f"{label}: {message}"
        else:
            if parsed:
                iso[key] = parsed.isoformat()
                box["value"] = day_first(parsed) if get_language_bidi() else iso[key]
        boxes[key] = box
    return iso, boxes


@require_safe
def dashboard(request):
    iso, boxes = period_boxes(request.GET)
    if any(request.GET.get(key) != value for key, value in iso.items()):
        # 25/12/2023 or ٢٥/١٢/٢٠٢٣ in the address becomes 2023-12-25: links and the API read ISO.
        query = request.GET.copy()
        for key, value in iso.items():
            query[key] = value
        return redirect(f"{request.path}?{query.urlencode()}")
    context = selectors.dashboard_options(request.GET.get("place", "").strip()[:200])
    context["filters"] = request.GET
    context["period"] = boxes
    context["selected_weapons"] = {
        w for value in request.GET.getlist("weapon") for w in value.split(",")
    }
    context["strings"] = dashboard_strings()
    return render(request, "dashboard/index.html", context)


def dashboard_strings() -> dict:
    """Words the dashboard script writes into the page, in the interface language (read from
    a JSON data block, so no script is inline)."""
    return {
        "weapons": dict(Weapon.choices),
        "loading": _("Loading…"),
        "error": _("Could not load the data."),
        "bad_filter": _("Check the filter “%(field)s”: %(message)s"),
        "bad_date": str(DayFirstDateField.default_error_messages["invalid"]),
        "total": _("%(n)s incidents match"),
        "total_one": _("1 incident matches"),
        "showing": _("showing %(shown)s of %(n)s in the list"),
        "none": _("No incident matches these filters."),
        "unknown": _("Unknown"),
        "none_reported": _("None reported"),
        "near": _("near %(place)s"),
        "approx_place": _("around %(place)s (approximate)"),
        "month_of": _("%(month)s (month)"),
        "year_of": _("%(year)s (year)"),
        "week_of": _("week of %(date)s"),
        "span": _("%(start)s to %(end)s"),
        "incidents_here": _("%(n)s incidents here"),
        "open_place": _("Open the base page"),
        "filter_place": _("Show only this place"),
        "zoom_in": _("%(n)s incidents at several places: click to zoom in"),
        "zoom_in_map": _("Zoom in"),
        "zoom_out_map": _("Zoom out"),
        "timeline_label": _("Attacks per %(bucket)s, stacked by weapon. Drag to choose a period."),
        "day": _("day"),
        "week": _("week"),
        "month": _("month"),
        "selected": _("Selected: %(from)s to %(to)s"),
        "place_none": _("No place matches “%(text)s”."),
        "place_searching": _("Searching…"),
        "place_results": _("%(n)s places found: use the up and down arrows, then Enter."),
        "place_error": _("Could not look up places."),
    }


@require_safe
def incident_detail(request, public_id):
    try:
        incident = selectors.incident_page(public_id)
    except Http404:
        # A merged incident's old identifier keeps working: it leads to the survivor.
        survivor = resolve_public_id(public_id)
        if survivor is None or survivor.public_id == public_id or not survivor.is_public:
            raise
        return redirect(survivor, permanent=True)
    context = {"incident": incident, "reported": selectors.reported_by_source(incident)}
    return render(request, "dashboard/incident_detail.html", context)


@require_safe
def place_detail(request, slug):
    return render(request, "dashboard/place_detail.html", selectors.place_page(slug))


@require_safe
def actor_detail(request, slug):
    return render(request, "dashboard/actor_detail.html", selectors.actor_page(slug))


@require_safe
def source_detail(request, pk):
    return render(request, "dashboard/source_detail.html", selectors.source_page(pk))


@require_safe
def place_list(request):
    # Bad or missing ?page= and ?sort= fall back to the first page by name, never a 500.
    index = selectors.place_index(
        q=request.GET.get("q", "").strip()[:200],
        sort=request.GET.get("sort", "name"),
        page=request.GET.get("page"),
    )
    return render(request, "dashboard/place_list.html", {"index": index})


@require_safe
def actor_list(request):
    return render(request, "dashboard/actor_list.html", {"actors": selectors.actor_index()})


SOURCES_PER_PAGE = 50


@require_safe
def source_list(request):
    # get_page() turns a missing, malformed or out-of-range ?page= into a valid page, never a 500.
    page = Paginator(selectors.source_index(), SOURCES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "dashboard/source_list.html", {"page": page})


@require_POST
def set_digits(request):
    """The reader's choice of digits in the Arabic interface (٠١٢٣ or 0123), kept in a cookie
    as the language is; back to the page it was made on."""
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    value = "arab" if request.POST.get("digits") == "arab" else "latn"
    response.set_cookie(
        DIGITS_COOKIE,
        value,
        max_age=365 * 24 * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response
