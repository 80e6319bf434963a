"""The catalogue layer: `events.toml` in, a validated frozen `Catalogue` (or every finding
at once) out.

One module per concern: `locate` (the line of a table or key), `fields` (the table of
keys), `findings` (what the rules report), `values` (checks every table shares),
`tables` (calendar, audiences, regions, tags, feeds), `times`, `announced`, `sessions`,
`recurrence`, `events` (one event), `advice` (warnings about the catalogue as a whole),
`load` (the whole pass) and `schema` (the JSON Schema from the same table of keys).
"""

from calfeed.catalogue.file import read_catalogue
from calfeed.catalogue.load import load_catalogue, parse_catalogue
from calfeed.catalogue.schema import schema_json

__all__ = [
    "load_catalogue",
    "parse_catalogue",
    "read_catalogue",
    "schema_json",
]
