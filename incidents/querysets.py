"""Named queries. Pages, the API and the admin call these rather than building filters inline."""

from django.db import models

from .text import normalize_search


class SearchableQuerySet(models.QuerySet):
    def matching(self, query: str):
        """Rows whose names, aliases or text contain every word of `query`, in either script."""
        qs = self
        for word in normalize_search(query).split():
            qs = qs.filter(search_text__contains=word)
        return qs


class PlaceQuerySet(SearchableQuerySet):
    def with_descendant_ids(self, place_ids) -> set[int]:
        """`place_ids` and every place inside them, at any depth (the gazetteer is small)."""
        parents = dict(self.model.objects.values_list("id", "parent_id"))
        wanted = set(place_ids)
        changed = True
        while changed:
            before = len(wanted)
            wanted |= {pid for pid, parent in parents.items() if parent in wanted}
            changed = len(wanted) != before
        return wanted


class ActorQuerySet(SearchableQuerySet):
    pass


class IncidentQuerySet(SearchableQuerySet):
    def published(self):
        return self.filter(status="published")

    def visible_to(self, user):
        """Drafts and retractions are for editors; everyone else sees what is published."""
        if user is not None and user.is_authenticated and user.is_staff:
            return self
        return self.published()

    def at_place(self, place):
        """Incidents at `place` or at any place inside it (Victory Base counts for the airport)."""
        from .models import Place

        return self.filter(place_id__in=Place.objects.with_descendant_ids([place.pk]))
