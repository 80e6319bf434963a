"""`catalogue.expansion`, which restarts a rule near any date instead of expanding it
from its start: for random rules it finds exactly what dateutil's own expansion from the
start finds there, the nearest occurrences either side and the last one."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

import pytest
from dateutil.rrule import rrule, rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from calfeed.catalogue.expansion import Expansion
from tests.truth import tzdata_zone

_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@st.composite
def rules(draw: st.DrawFn) -> str:
    freq = draw(st.sampled_from(("YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY")))
    parts = [f"FREQ={freq}"]
    if draw(st.booleans()):
        parts.append(f"INTERVAL={draw(st.integers(2, 5))}")
    if freq in ("MONTHLY", "YEARLY") and draw(st.booleans()):
        parts.append(f"BYDAY={draw(st.sampled_from(('1', '2', '-1', '')))}FR")
    elif draw(st.booleans()):
        days = draw(st.lists(st.sampled_from(_DAYS), min_size=1, max_size=3, unique=True))
        parts.append("BYDAY=" + ",".join(days))
    if freq == "YEARLY" and draw(st.booleans()):
        parts.append(f"BYMONTH={draw(st.integers(1, 12))}")
    if draw(st.booleans()):
        parts.append("WKST=SU")
    ending = draw(st.sampled_from(("COUNT", "UNTIL", "")))
    if ending == "COUNT":
        parts.append(f"COUNT={draw(st.integers(1, 300))}")
    elif ending == "UNTIL":
        parts.append(f"UNTIL={draw(st.integers(2024, 2034))}0615T000000Z")
    return ";".join(parts)


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(
    rule=rules(),
    day=st.integers(0, 400),
    minute=st.integers(0, 1439),
    offset=st.integers(0, 3000),
    width=st.sampled_from((0, 1, 40)),
)
def test_the_expansion_finds_what_expanding_from_the_start_finds(
    rule: str, day: int, minute: int, offset: int, width: int
) -> None:
    """Restarting the rule near any date gives the series' own occurrences there, its
    nearest ones on either side and its last."""
    tz = tzdata_zone("Europe/Paris")
    first = datetime(2024, 1, 1, tzinfo=tz) + timedelta(days=day, minutes=minute)
    parsed = rrulestr(f"RRULE:{rule}", dtstart=first, cache=False)
    assert isinstance(parsed, rrule)
    full = list(itertools.islice(parsed, 4000))
    lo = first + timedelta(days=offset, hours=minute % 24)
    hi = lo + timedelta(days=width)
    complete = len(full) < 4000
    if not complete and hi > full[-1]:
        return
    series = Expansion.of(parsed, rule, first)
    assert series.between(lo, hi) == [w for w in full if lo <= w <= hi]
    if complete:
        earlier, later = [w for w in full if w < lo], [w for w in full if w > hi]
        assert series.before(lo) == (earlier[-1] if earlier else None)
        assert series.after(hi) == (later[0] if later else None)
        assert series.last == (full[-1] if full and not series.endless else None)
