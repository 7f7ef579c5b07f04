"""Find places and actors by typing in either script, and add a missing one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from incidents.services import actor_create, place_create

from ..forms import ActorForm, PlaceForm
from ..permissions import editor_required
from ..selectors import lookup_actors, lookup_places
from .common import add_service_errors


def _lookup(request, finder):
    q = request.GET.get("q", "").strip()[:100]
    return JsonResponse({"results": finder(q) if q else []})


@editor_required
def places_lookup(request):
    return _lookup(request, lookup_places)


@editor_required
def actors_lookup(request):
    return _lookup(request, lookup_actors)


def _create(request, form_class, service, template, done):
    form = form_class(request.POST or None)
    back = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "aliases_text"}
        try:
            obj = service(user=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done % {"name": obj.name_en})
            return redirect(back or "editor:home")
    return render(
        request, template, {"form": form, "next": back}, status=400 if form.is_bound else 200
    )


@editor_required
def place_new(request):
    return _create(
        request,
        PlaceForm,
        place_create,
        "editor/place_form.html",
        _("Added %(name)s to the gazetteer."),
    )


@editor_required
def actor_new(request):
    return _create(
        request, ActorForm, actor_create, "editor/actor_form.html", _("Added the actor %(name)s.")
    )
