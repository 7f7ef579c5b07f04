"""What an Atom feed of a dashboard view holds: the published (and later retracted) incidents
matching the view's filters, most recently changed first."""

from types import SimpleNamespace

from django.db.models import Max

from incidents.models import Incident, StatusChange

ENTRIES = 200  # the most a feed lists; readers keep what they have already seen
LANGUAGES = ("en", "ar")


def feed_incidents(request):
    """The feed's incidents under the request's filters (the API's, so a dashboard view and
    its feed always agree). Drafts never appear; a retraction stays, marked, so readers learn
    of it. Raises the API's ValidationError (keyed by parameter) on a bad filter."""
    from api.filters import filtered_incidents

    shown = Incident.objects.filter(
        status__in=[Incident.Status.PUBLISHED, Incident.Status.RETRACTED]
    )
    # The API's filters read DRF's request.query_params; a feed is a plain Django view.
    query = SimpleNamespace(query_params=request.GET, user=request.user, GET=request.GET)
    return filtered_incidents(query, queryset=shown)


def catalogue_version():
    """When the catalogue last changed: the latest edit of any incident (every write bumps
    updated_at, related ones included) and the latest status record (merges and deletions
    remove rows, and leave one of these). Two index lookups, whatever the catalogue's size,
    so a reader polling an unchanged feed costs almost nothing (ETag and Last-Modified).
    A change elsewhere makes every feed re-render once; no feed stays stale after one."""
    edited = Incident.objects.aggregate(last=Max("updated_at"))["last"]
    status = StatusChange.objects.aggregate(last=Max("changed_at"))["last"]
    known = [t for t in (edited, status) if t is not None]
    return max(known) if known else None


def feed_entries(incidents):
    return list(incidents.select_related("place").order_by("-updated_at", "-id")[:ENTRIES])
