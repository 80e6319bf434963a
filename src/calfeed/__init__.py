"""calfeed: one TOML catalogue of events in, correct .ics feeds out."""

from importlib.metadata import version

__version__ = version("calfeed")
