class MapError(Exception):
    """A map cannot be drawn: its assets or basemap are missing or unreadable."""
