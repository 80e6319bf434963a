"""`calfeed list`: the options it takes (`query`) and the formats it writes (`formats`)."""

from calfeed.listing.formats import Format, render
from calfeed.listing.query import Column, ListQuery, query_from_options

__all__ = ["Column", "Format", "ListQuery", "query_from_options", "render"]
