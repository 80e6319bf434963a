"""The truth tests compare against: zones read by zoneinfo from the pinned tzdata
package's own files, and rules expanded by dateutil, never through calfeed."""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from importlib import resources
from zoneinfo import ZoneInfo


@functools.cache
def tzdata_zone(name: str) -> ZoneInfo:
    """The zone from the pinned tzdata package's file itself."""
    with resources.files("tzdata").joinpath(f"zoneinfo/{name}").open("rb") as file:
        return ZoneInfo.from_file(file, key=name)


def exists_once(wall: datetime, zone: str) -> bool:
    """Whether naive `wall` names exactly one instant: both PEP 495 readings agree, and
    the instant reads back as `wall`."""
    tz = tzdata_zone(zone)
    readings = {wall.replace(tzinfo=tz, fold=f).astimezone(UTC) for f in (0, 1)}
    return len(readings) == 1 and all(
        r.astimezone(tz).replace(tzinfo=None) == wall for r in readings
    )


def instant(wall: datetime, zone: str, *, fold: int = 0) -> str:
    """The UTC instant of naive `wall` in `zone` as the readers print it."""
    moment = wall.replace(tzinfo=tzdata_zone(zone), fold=fold).astimezone(UTC)
    return f"{moment:%Y-%m-%dT%H:%M:%S}Z"
