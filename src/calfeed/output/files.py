"""The files of a build, each made when it is asked for.

A build writes thousands of files (every feed, every event's own file, the page) whose
bytes together are many times the catalogue. Made on demand, written and let go, only the
file being written is held, so memory grows with the catalogue rather than the output.
Every file can be read as pieces (`Files.pieces`): the writer streams them to disk, and
the page, the largest file, is made in pieces and never held whole.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Protocol


class Files(Protocol):
    """What the writer needs of a set of files: their relative paths, and each file's
    bytes as pieces. Asking twice makes the bytes twice."""

    def __iter__(self) -> Iterator[str]: ...

    def __len__(self) -> int: ...

    def __contains__(self, rel: object) -> bool: ...

    def pieces(self, rel: str) -> Iterable[bytes]: ...


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
        return b"".join(self.pieces(rel))

    def pieces(self, rel: str) -> Iterable[bytes]:
        """The file's bytes as they are made: its stream's pieces, or its maker's bytes."""
        stream = self._streams.get(rel)
        return stream() if stream is not None else (self._makers[rel](),)

    def __iter__(self) -> Iterator[str]:
        return itertools.chain(self._makers, self._streams)

    def __len__(self) -> int:
        return len(self._makers) + len(self._streams)

    def __contains__(self, rel: object) -> bool:
        return rel in self._makers or rel in self._streams


class InMemory(dict[str, bytes]):
    """Files already made, as the writer reads them: each file one piece."""

    def pieces(self, rel: str) -> Iterable[bytes]:
        return (self[rel],)
