"""Reads of the dashboard: district aggregates, density grids, trends and top lists (all cached)."""
