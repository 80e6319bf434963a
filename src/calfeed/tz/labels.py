"""How zones and offsets are written for people: `Apia`, `UTC+13`, `UTC-3:30`."""

from __future__ import annotations

import re
from datetime import timedelta

from calfeed.tz.zones import is_utc


def format_offset(offset: timedelta) -> str:
    """`UTC+13`, `UTC-3:30`, `UTC+0`; local mean time keeps its seconds (`UTC-0:16:08`):
    rounding would put the event off by those seconds in the reader's head."""
    total = int(offset.total_seconds())
    sign = "+" if total >= 0 else "-"
    minutes, seconds = divmod(abs(total), 60)
    hours, rest = divmod(minutes, 60)
    if seconds:
        return f"UTC{sign}{hours}:{rest:02d}:{seconds:02d}"
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_label(zone: str) -> str:
    """`Pacific/Apia` -> `Apia`; `America/Argentina/Buenos_Aires` -> `Buenos Aires`;
    tzdata's `Etc/GMT+12`, which is twelve hours *behind* UTC, -> `UTC-12`."""
    if is_utc(zone):
        return "UTC"
    etc = re.fullmatch(r"Etc/GMT([+-])(\d+)", zone)
    if etc:
        return f"UTC{'-' if etc.group(1) == '+' else '+'}{etc.group(2)}"
    return zone.rsplit("/", 1)[-1].replace("_", " ")
