"""Outlets and their grading: the list an editor grades from, and one outlet's form."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from incidents.services import outlet_create, outlet_save
from sources.models import Outlet

from ..forms import OutletForm
from ..permissions import editor_required
from .common import add_service_errors


@editor_required
def outlet_list(request):
    outlets = Outlet.objects.annotate(article_count=Count("articles")).order_by("name_en")
    return render(request, "editor/outlet_list.html", {"outlets": outlets})


def _edit(request, outlet, *, created):
    form = OutletForm(request.POST or None, instance=outlet)
    if request.method == "POST" and form.is_valid():
        try:
            if created:
                outlet_create(user=request.user, reason="Outlet form", **form.cleaned_data)
            else:
                outlet_save(outlet=form.instance, user=request.user, reason="Outlet form")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": form.cleaned_data["name_en"]})
            return redirect("editor:outlets")
    return render(
        request,
        "editor/outlet_form.html",
        {"form": form, "outlet": None if created else outlet},
        status=400 if form.is_bound else 200,
    )


@editor_required
def outlet_edit(request, slug):
    return _edit(request, get_object_or_404(Outlet, slug=slug), created=False)


@editor_required
def outlet_new(request):
    return _edit(request, Outlet(), created=True)
