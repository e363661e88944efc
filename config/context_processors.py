from django.conf import settings


def site(request):
    """Basemap settings for every page with a map."""
    return {
        "basemap": {
            "url": settings.BASEMAP_URL,
            "attribution": settings.BASEMAP_ATTRIBUTION,
            "max_zoom": settings.BASEMAP_MAX_ZOOM,
        }
    }
