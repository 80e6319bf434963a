"""The files of a build, each made when it is asked for.

A build writes thousands of files (every feed, every event's own file, the page) whose
bytes together are many times the catalogue: at 50,000 events, over half a gigabyte.
Holding them all at once made memory grow with the output rather than the catalogue; made
on demand, written and let go, only the file being written is held. Each ask makes the
bytes again, so a reader that needs them twice keeps them (`write_files` asks once).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping


class FilesOnDemand(Mapping[str, bytes]):
    """Relative path -> bytes, each made by its maker when it is looked up."""

    def __init__(self, makers: Mapping[str, Callable[[], bytes]]) -> None:
        self._makers = dict(makers)

    def __getitem__(self, rel: str) -> bytes:
        return self._makers[rel]()

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)

    def __contains__(self, rel: object) -> bool:
        return rel in self._makers
