"""GET /feeds/incidents.atom?<a dashboard view's filters>: an Atom feed (RFC 4287) of that view,
for feed readers and newsroom chat integrations. Conditional GET (ETag, Last-Modified) answers
an unchanged feed with 304 after one small query."""

from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from rest_framework.exceptions import ValidationError

from dashboard.templatetags.salvo import date_text, effective_precision, name, place_text, summary
from incidents.models import Incident, Weapon

from .selectors import LANGUAGES, catalogue_version, feed_entries, feed_incidents

CONTENT_TYPE = "application/atom+xml; charset=utf-8"


def _problem(detail) -> HttpResponse:
    """The API's 400 problem, for a bad filter or `lang`: every parameter named."""
    from api.problems import _field_errors, problem

    errors = _field_errors(detail)
    return problem(400, "Check these parameters: " + ", ".join(errors) + ".", errors=errors)


@require_safe
def incidents_feed(request):
    language = request.GET.get("lang") or translation.get_language() or "en"
    language = language.split("-")[0]
    if language not in LANGUAGES:
        return _problem({"lang": [f"Use one of {', '.join(LANGUAGES)}."]})
    try:  # the filters are checked first: a bad one is a 400 even when nothing changed
        incidents = feed_incidents(request)
    except ValidationError as error:
        return _problem(error.detail)
    last = catalogue_version()
    # The version names the language too: the English and Arabic feeds differ in every entry.
    etag = f'"{last.timestamp() if last else 0}-{language}"'
    last_modified = int(last.timestamp()) if last else None
    unchanged = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if unchanged is not None:
        return unchanged
    with translation.override(language):
        body = _feed(request, feed_entries(incidents))
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    # Readers may keep it a few minutes; after that they ask again, cheaply (304).
    response["Cache-Control"] = "public, max-age=300"
    response["Vary"] = "Accept-Language, Cookie"
    return response


def _title(incident: Incident) -> str:
    known = incident.weapon in Weapon.values and incident.weapon != Weapon.UNKNOWN
    weapon = str(Weapon(incident.weapon).label) if known else ""
    title = _("%(weapon)s attack: %(place)s, %(date)s") % {
        "weapon": weapon or _("Attack"),
        "place": name(incident.place),
        "date": date_text(incident.date_start, incident.date_end, incident.date_precision),
    }
    if incident.status == Incident.Status.RETRACTED:
        return _("Retracted: %(title)s") % {"title": title}
    return title


def _description(incident: Incident) -> str:
    lines = [
        place_text(incident.place, effective_precision(incident)),
        date_text(incident.date_start, incident.date_end, incident.date_precision),
    ]
    if incident.status == Incident.Status.RETRACTED:
        lines.append(_("Salvo has withdrawn this incident; its page says why."))
    if text := summary(incident):
        lines.append(text)
    # Atom1Feed declares the summary as HTML: escape the text so a reader shows it as written
    # ("<script>" as those characters, never as markup), a line per fact.
    return "<br>".join(escape(line) for line in lines)


def _feed(request, incidents) -> str:
    dashboard = request.build_absolute_uri(reverse("dashboard:index"))
    query = request.GET.urlencode()
    feed = Atom1Feed(
        title=_("Salvo: attacks matching this view"),
        link=dashboard + (f"?{query}" if query else ""),
        description=_("Published attacks matching the dashboard's filters, newest change first."),
        feed_url=request.build_absolute_uri(),
        feed_guid=request.build_absolute_uri(),
        language=translation.get_language(),
        author_name="Salvo",
    )
    for incident in incidents:
        link = request.build_absolute_uri(incident.get_absolute_url())
        feed.add_item(
            title=_title(incident),
            link=link,
            unique_id=link,  # the incident's public page: stable across edits
            description=_description(incident),
            pubdate=incident.created_at,
            updateddate=incident.updated_at,
            categories=[incident.weapon] if incident.weapon else [],
        )
    return feed.writeString("utf-8")
