from django.conf import settings

from incidents.dates import numerals


def salvo(request):
    """Values every page needs: the map's tile layer, whether this is the local demo, and the
    digits the reader chose (latn or arab)."""
    return {
        "DIGITS": numerals.get(),
        "SALVO_TILE_URL": settings.SALVO_TILE_URL,
        "SALVO_TILE_ATTRIBUTION": settings.SALVO_TILE_ATTRIBUTION,
        "SALVO_LOCAL_DEMO": settings.LOCAL_DEMO,
        "MAP_OUTLINES": settings.MAP_OUTLINES,
    }
