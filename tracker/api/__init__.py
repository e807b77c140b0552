"""The JSON API: the same records the pages show, read-only, for scripts and the data desk."""

from tracker.api.views import bp

__all__ = ["bp"]
