"""Fetch an article by its link into the intake form, fetch a recorded one again, and read an
archived snapshot (as plain text, never as a live page on Salvo's origin)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fetching.selectors import snapshot_text
from fetching.services import fetch_article, refetch
from sources.models import Outlet, Snapshot, SourceArticle

from ..forms import FetchForm, SourceIntakeForm
from ..permissions import editor_required

# The snapshot is someone else's HTML: shown as text, in a sandbox, with nothing allowed to run
# or load even if a browser were to sniff it as a page.
INERT = {
    "Content-Security-Policy": "sandbox; default-src 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "private, no-store",
}


@require_POST
@editor_required
def source_fetch(request):
    fetch_form = FetchForm(request.POST)
    if fetch_form.is_valid():
        try:
            result = fetch_article(url=fetch_form.cleaned_data["url"], user=request.user)
        except ValidationError as error:
            for message in error.message_dict.get("url", error.messages):
                fetch_form.add_error("url", message)
        else:
            if result.existing is not None:
                messages.warning(
                    request,
                    _("This link is already recorded: opened the existing source.")
                    + " "
                    + (
                        _(
                            "The page has changed since it was last archived: "
                            "a new snapshot is kept."
                        )
                        if result.changed
                        else _("The page is unchanged since its last snapshot.")
                    ),
                )
                return redirect("editor:source", pk=result.existing.pk)
            prefill = dict(result.prefill)
            outlet = Outlet.objects.filter(slug=prefill.pop("outlet")).first()
            form = SourceIntakeForm(
                initial={**prefill, "outlet": outlet, "snapshot": result.snapshot.pk}
            )
            messages.info(
                request,
                _(
                    "Fetched and archived (SHA-256 %(hash)s…). Check every field against the page "
                    "before you record it."
                )
                % {"hash": result.snapshot.sha256[:12]},
            )
            return render(
                request,
                "editor/source_form.html",
                {
                    "form": form,
                    "fetch_form": fetch_form,
                    "fetched": result,
                },
            )
    return render(
        request,
        "editor/source_form.html",
        {"form": SourceIntakeForm(), "fetch_form": fetch_form},
        status=400,
    )


@require_POST
@editor_required
def source_refetch(request, pk):
    article = get_object_or_404(SourceArticle, pk=pk)
    try:
        result = refetch(article=article, user=request.user)
    except ValidationError as error:
        for message in error.message_dict.get("url", error.messages):
            messages.error(request, message)
    else:
        if result.changed:
            messages.success(
                request,
                _("The page has changed: a new snapshot is archived (SHA-256 %(hash)s…).")
                % {"hash": result.snapshot.sha256[:12]},
            )
        else:
            messages.info(request, _("The page is unchanged since its last snapshot."))
    return redirect("editor:source", pk=article.pk)


@editor_required
def snapshot(request, pk):
    snap = get_object_or_404(Snapshot, pk=pk)
    if request.GET.get("download") == "1":
        # The exact bytes, so the hash can be checked; as a download, never displayed.
        response = HttpResponse(bytes(snap.body), content_type="application/octet-stream")
        response["Content-Disposition"] = f'attachment; filename="snapshot-{snap.sha256}.html"'
    else:
        response = HttpResponse(snapshot_text(snap), content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = "inline"
    for name, value in INERT.items():
        response[name] = value
    return response
