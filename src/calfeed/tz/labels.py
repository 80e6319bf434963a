"""How zones and offsets are written for people: `Apia`, `UTC+13`, `UTC-3:30`."""

from __future__ import annotations

import re
from datetime import timedelta

from calfeed.tz.zones import is_utc


def format_offset(offset: timedelta) -> str:
    """`UTC+13`, `UTC-3:30`, `UTC+0`."""
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
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
