"""Feeds assembled from events rendered once (`PublicEvents`): a filtered feed is byte for
byte what `calfeed feed` prints for the same selection, stamps and build time, and a
private feed is never assembled from public events."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from calfeed.catalogue import load_catalogue
from calfeed.output.assemble import PublicEvents, render_selection
from calfeed.output.stamps import build_time, read_previous
from calfeed.selection import Selection, private_feeds, resolve_selection
from tests.building import EPOCH, build

SELECTIONS: tuple[dict[str, list[str]], ...] = (
    {},
    {"regions": ["pacific", "global"]},
    {"regions": ["pacific"], "audiences": ["government"], "tags": ["cop26"]},
    {"audiences": ["network"]},
    {"tags": ["workshop", "textile"], "audiences": ["workers"]},
    {"regions": ["south-asia"], "tags": ["network-meeting"]},
)


@pytest.mark.parametrize("history", [False, True])
def test_a_filtered_feed_is_what_calfeed_feed_renders(shipped_copy: Path, history: bool) -> None:
    folder = shipped_copy.parent / "calendars"
    if history:  # stamps from an older build, so unchanged events keep an earlier DTSTAMP
        build(shipped_copy, folder, epoch="1600000000")
    catalogue = load_catalogue(shipped_copy)
    now = build_time(EPOCH)
    events = PublicEvents(catalogue, read_previous(folder), now)
    for filters in SELECTIONS:
        selection = resolve_selection(catalogue, **filters)
        rendered = render_selection(catalogue, selection, private=False, history=folder, now=now)
        assert events.filtered(selection) == rendered, filters
    if history:
        assert b"DTSTAMP:20200913T122640Z" in events.filtered(Selection())


@pytest.mark.parametrize("name", ["one_zone_across_years", "regions_with_few_audiences"])
def test_every_selection_has_the_vtimezones_calfeed_feed_writes(
    name: str, read_catalogue: Callable[[str], str], write_catalogue: Callable[[str], Path]
) -> None:
    """Each feed's VTIMEZONE spans are merged from spans worked out once per event; they
    must be the ones worked out from the feed's own events."""
    catalogue = load_catalogue(write_catalogue(read_catalogue(name)))
    now = build_time(EPOCH)
    events = PublicEvents(catalogue, {}, now)
    selections = [Selection()]
    selections += [Selection(regions=frozenset({key})) for key in catalogue.regions]
    selections += [Selection(audiences=frozenset({key})) for key in catalogue.audiences]
    for selection in selections:
        rendered = render_selection(catalogue, selection, private=False, history=None, now=now)
        assert events.filtered(selection) == rendered, selection


def test_a_private_feed_is_never_assembled(shipped_copy: Path) -> None:
    catalogue = load_catalogue(shipped_copy)
    events = PublicEvents(catalogue, {}, build_time(EPOCH))
    (network,) = private_feeds(catalogue)
    with pytest.raises(ValueError, match="private feed"):
        events.assemble(network)
