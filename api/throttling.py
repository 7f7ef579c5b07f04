"""A budget of its own for whole-catalogue exports (GeoJSON, CSV): each holds a worker for
seconds, so one client starting many is refused long before it could occupy them all, while
its ordinary page requests keep their own, larger budget."""

from rest_framework.throttling import SimpleRateThrottle


class ExportRateThrottle(SimpleRateThrottle):
    scope = "export"

    def get_cache_key(self, request, view):
        if not view.is_export(request):
            return None  # not an export: only the anon/user budgets apply
        ident = request.user.pk if request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
