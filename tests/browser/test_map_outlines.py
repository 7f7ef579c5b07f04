"""Offline, the maps still show where things are: country outlines come from a pinned
front-end package served as local static files, never from a tile server or CDN."""

import pytest
from django.conf import settings

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not settings.MAP_OUTLINES, reason="node_modules/world-atlas missing: run ./dev setup"
    ),
]

OUTLINE_PATHS = "() => document.querySelectorAll('.leaflet-outlines-pane path').length"


def test_dashboard_map_draws_country_outlines_offline(page, live_demo):
    page.goto("/")
    page.wait_for_function(f"({OUTLINE_PATHS})() >= 2")
    assert page.errors == []


def test_incident_minimap_draws_them_too(page, live_demo):
    page.goto("/incidents/SLV-S0000001/")
    page.wait_for_function(f"({OUTLINE_PATHS})() >= 2")
    assert page.errors == []
