"""One file the app answers with, its Content-Type, and its two representations: the
bytes as built, and gzip-encoded, each with its own strong ETag.

Both are computed on first use and kept: most files are never asked for compressed, and a
revalidation (`If-None-Match`) must not pay for compressing again. The gzip bytes are
deterministic (no name, no time in the header, one fixed level), so every copy of the app
with the same zlib gives the same ETag for them.
"""

from __future__ import annotations

import hashlib
import mimetypes
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

FEED_TYPE = "text/calendar; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"
_TYPES = {
    ".ics": FEED_TYPE,
    ".html": HTML_TYPE,
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
}
GZIP_LEVEL = 1
"""zlib's fastest level: a feed compresses several times faster than at the default level
for a body only somewhat larger, and the first request for a new combination of filters
pays it while the client waits (`benchmarks/filter_latency.py` measures it)."""


def strong_etag(body: bytes) -> str:
    """A strong validator: the quoted SHA-256 of the bytes, so equal bytes give equal tags
    in every copy of the app, and a redeploy changes only the tags of changed files."""
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def gzip_bytes(body: bytes) -> bytes:
    """`body` as a gzip member (RFC 1952) with a zero time stamp and no file name."""
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return compressor.compress(body) + compressor.flush()


@dataclass(frozen=True)
class Representation:
    """The bytes sent for one content coding, and their validator."""

    body: bytes
    etag: str
    encoding: str | None
    """`gzip`, or None for the bytes as built."""


class Resource:
    """A file's bytes, its Content-Type and Last-Modified, and its representations."""

    __slots__ = ("_gzip", "_identity", "body", "content_type", "last_modified", "second_shared")

    def __init__(
        self,
        body: bytes,
        content_type: str,
        last_modified: datetime,
        *,
        second_shared: bool = False,
    ) -> None:
        self.body = body
        self.content_type = content_type
        self.last_modified = last_modified.astimezone(UTC).replace(microsecond=0)
        """UTC, whole seconds: HTTP dates have no fractions, and a comparison with
        If-Modified-Since must not see one."""
        self.second_shared = second_shared
        """Other bytes were served with the same Last-Modified second (a banner shown and
        taken away within one second): that date then proves nothing, only the ETag does."""
        self._identity: Representation | None = None
        self._gzip: Representation | None = None

    @property
    def identity(self) -> Representation:
        known = self._identity
        if known is None:  # two threads may both compute it: the same value either way
            known = self._identity = Representation(self.body, strong_etag(self.body), None)
        return known

    @property
    def gzip(self) -> Representation:
        known = self._gzip
        if known is None:
            packed = gzip_bytes(self.body)
            known = self._gzip = Representation(packed, strong_etag(packed), "gzip")
        return known

    @property
    def etag(self) -> str:
        """The ETag of the bytes as built."""
        return self.identity.etag

    def representation(self, *, gzip: bool) -> Representation:
        return self.gzip if gzip else self.identity

    @property
    def size(self) -> int:
        """Bytes held: the body and its gzip copy once made."""
        packed = self._gzip
        return len(self.body) + (len(packed.body) if packed is not None else 0)


def content_type(path: str) -> str:
    """The Content-Type of a served file, by its name."""
    suffix = Path(path).suffix.lower()
    if suffix in _TYPES:
        return _TYPES[suffix]
    guessed, _encoding = mimetypes.guess_type(path)
    return guessed or "application/octet-stream"


def succeeding(
    served: Mapping[str, Resource], files: Mapping[str, Resource]
) -> Mapping[str, Resource]:
    """`files`, to be served after `served`, with `second_shared` set on each whose bytes
    differ from the ones served before with the same Last-Modified second (or that share
    it still): a client holding either then gets the bytes, never a wrong 304."""
    marked = dict(files)
    for rel, resource in files.items():
        before = served.get(rel)
        if before is None or resource.second_shared:
            continue
        if before.last_modified == resource.last_modified and (
            before.second_shared or before.body != resource.body
        ):
            marked[rel] = Resource(
                resource.body, resource.content_type, resource.last_modified, second_shared=True
            )
    return marked
