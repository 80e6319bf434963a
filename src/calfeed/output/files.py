"""The files of a build, each made when it is asked for.

A build writes thousands of files (every feed, every event's own file, the page) whose
bytes together are many times the catalogue: at 50,000 events, over half a gigabyte.
Holding them all at once made memory grow with the output rather than the catalogue; made
on demand, written and let go, only the file being written is held. Each ask makes the
bytes again, so a reader that needs them twice keeps them (`write_files` asks once). The
largest file, the page, is made in pieces, and `write_files` writes those as they come.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping


class FilesOnDemand(Mapping[str, bytes]):
    """Relative path -> bytes, each made when it is looked up: whole by its maker, or
    joined from the pieces its stream yields."""

    def __init__(
        self,
        makers: Mapping[str, Callable[[], bytes]],
        streams: Mapping[str, Callable[[], Iterable[bytes]]] | None = None,
    ) -> None:
        self._makers = dict(makers)
        self._streams = dict(streams or {})
        if self._makers.keys() & self._streams.keys():
            raise ValueError("a file is made whole or in pieces, not both")

    def __getitem__(self, rel: str) -> bytes:
        stream = self._streams.get(rel)
        return b"".join(stream()) if stream is not None else self._makers[rel]()

    def pieces(self, rel: str) -> Iterable[bytes] | None:
        """The pieces of a file made in pieces, as they are made; None for any other."""
        stream = self._streams.get(rel)
        return stream() if stream is not None else None

    def __iter__(self) -> Iterator[str]:
        return itertools.chain(self._makers, self._streams)

    def __len__(self) -> int:
        return len(self._makers) + len(self._streams)

    def __contains__(self, rel: object) -> bool:
        return rel in self._makers or rel in self._streams
