"""Public pages. Thin: each view asks a selector for its data and renders one template."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import selectors


@require_safe
def dashboard(request):
    context = selectors.dashboard_options()
    context["filters"] = request.GET
    context["selected_weapons"] = request.GET.getlist("weapon")
    return render(request, "dashboard/index.html", context)


@require_safe
def incident_detail(request, public_id):
    incident = selectors.incident_page(public_id)
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
    return render(request, "dashboard/place_list.html", {"places": selectors.place_index()})


@require_safe
def actor_list(request):
    return render(request, "dashboard/actor_list.html", {"actors": selectors.actor_index()})


SOURCES_PER_PAGE = 50


@require_safe
def source_list(request):
    # get_page() turns a missing, malformed or out-of-range ?page= into a valid page, never a 500.
    page = Paginator(selectors.source_index(), SOURCES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "dashboard/source_list.html", {"page": page})
