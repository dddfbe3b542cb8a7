"""The desk: `vigil serve`, a web application where a team of monitors reviews, corrects and
publishes incidents (vigil.web.app), with its JSON API under /api/."""
from vigil.lazy import lazy_attributes

__getattr__, __dir__ = lazy_attributes(__name__, {
    "DeskConfig": "vigil.web.app",
    "create_app": "vigil.web.app",
})

__all__ = ["DeskConfig", "create_app"]
