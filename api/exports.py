"""GeoJSON and CSV exports (filled in next)."""
