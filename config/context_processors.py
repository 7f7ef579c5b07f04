from django.conf import settings


def salvo(request):
    """Values every page needs: the map's tile layer and whether this is the local demo."""
    return {
        "SALVO_TILE_URL": settings.SALVO_TILE_URL,
        "SALVO_TILE_ATTRIBUTION": settings.SALVO_TILE_ATTRIBUTION,
        "SALVO_LOCAL_DEMO": settings.LOCAL_DEMO,
        "MAP_OUTLINES": settings.MAP_OUTLINES,
    }
