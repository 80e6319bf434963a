"""What changed between the tzdata releases that calfeed's `tz/recent.txt` is about,
worked out from the releases' own TZif files: the pinned package's, and those of the
releases before it kept in `tests/tzdata/` (taken from the tzdata wheels on PyPI).

`tests/tzdata/2025b/` holds the SHA-256 of every file of that release (`SHA256SUMS`) and
the files whose bytes differ from the pinned release's, so every other zone is known to be
the same; each later release's folder holds only the files whose offsets still differ
from the pinned release's somewhere, so the release that made each change is the first
one without a difference there. `recent_table()` is what `tz/recent.txt` must say.
"""

from __future__ import annotations

import hashlib
import io
import itertools
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from calfeed.tz import canonical_zone
from calfeed.tz.data import zone_table
from calfeed.tz.tzif import file_transitions

FIXTURE = Path(__file__).parent / "tzdata"
BASELINE = "2025b"
LATER = ("2026a", "2026b", "2026c", "2026d", "2026e")
SPAN = (datetime(1970, 1, 1, tzinfo=UTC), datetime(2101, 1, 1, tzinfo=UTC))


def pinned_bytes(name: str) -> bytes:
    node = resources.files("tzdata.zoneinfo")
    for part in name.split("/"):
        node = node.joinpath(part)
    return node.read_bytes()


def zone_names() -> list[str]:
    """Every zone and link file of the pinned release."""
    return sorted(zone_table().names)


def release_bytes(release: str, name: str) -> bytes | None:
    path = FIXTURE / release / name
    return path.read_bytes() if path.is_file() else None


def baseline_sums() -> dict[str, str]:
    lines = (FIXTURE / BASELINE / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    return {name: digest for digest, name in (line.split("  ", 1) for line in lines)}


def _zone(data: bytes) -> ZoneInfo:
    return ZoneInfo.from_file(io.BytesIO(data))


def differences(old: bytes, new: bytes) -> list[tuple[datetime, datetime, timedelta, str]]:
    """Where `old` gives another UTC offset than `new` within SPAN: (from, until, the old
    offset, its abbreviation), between the instants where either file changes."""
    cuts = {SPAN[0]} | {
        t.at for t in (*file_transitions(old, *SPAN), *file_transitions(new, *SPAN))
    }
    before, after = _zone(old), _zone(new)
    found: list[tuple[datetime, datetime, timedelta, str]] = []
    for lo, hi in itertools.pairwise([*sorted(cuts), SPAN[1]]):
        was, now = lo.astimezone(before), lo.astimezone(after)
        if was.utcoffset() == now.utcoffset():
            continue
        offset, name = was.utcoffset(), str(was.tzname())
        assert offset is not None
        if found and found[-1][1] == lo and found[-1][2:] == (offset, name):
            found[-1] = (found[-1][0], hi, offset, name)
        else:
            found.append((lo, hi, offset, name))
    return found


def changed_in(name: str, at: datetime) -> str:
    """The first release whose offset at `at` is the pinned one's."""
    pinned = at.astimezone(_zone(pinned_bytes(name))).utcoffset()
    for release in LATER:
        data = release_bytes(release, name)
        if data is None or at.astimezone(_zone(data)).utcoffset() == pinned:
            return release
    return zone_table().version


def recent_table() -> str:
    lines = [
        f"# pinned {zone_table().version} baseline {BASELINE}",
        "# zone release from until offset-before-the-release its-name",
    ]
    sums = baseline_sums()
    for name in zone_names():
        new = pinned_bytes(name)
        if sums.get(name) == hashlib.sha256(new).hexdigest() or canonical_zone(name) != name:
            continue
        old = release_bytes(BASELINE, name)
        assert old is not None, f"{name} differs from {BASELINE} but is not in the fixture"
        for lo, hi, offset, abbreviation in differences(old, new):
            lines.append(
                f"{name} {changed_in(name, lo)} {lo:%Y-%m-%dT%H:%M:%SZ} {hi:%Y-%m-%dT%H:%M:%SZ} "
                f"{_offset(offset)} {abbreviation}"
            )
    return "\n".join(lines) + "\n"


def _offset(offset: timedelta) -> str:
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    return f"{sign}{hours:02d}:{rest // 60:02d}" + (f":{rest % 60:02d}" if rest % 60 else "")
