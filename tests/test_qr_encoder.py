"""The page's own QR encoder (`render/page/qr.js`), run by node, held against segno and
read back by a real decoder (zxing-cpp).

segno and qr.js are written apart, both from ISO/IEC 18004; for the same text, version and
mask they must draw the same symbol, module for module. The texts fill each version
exactly: where room is left, segno writes a 0x00 byte before the pad codewords that the
standard asks for (both decode the same), so those cases are read back by zxing instead.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from importlib import resources
from pathlib import Path
from typing import cast

import pytest
import segno
import zxingcpp

ENCODER = Path(str(resources.files("calfeed.render.page").joinpath("qr.js")))
RUN = """
const vm = require("vm"), fs = require("fs");
vm.runInThisContext(fs.readFileSync(process.argv[1], "utf8"));
const cases = JSON.parse(fs.readFileSync(0, "utf8"));
console.log(JSON.stringify(cases.map(([text, mask]) => {
  try { return calfeedQR.matrix(text, mask === null ? undefined : mask); }
  catch (e) { return e.name + ": " + e.message; }
})));
"""
ADDRESS = "webcal://example.org/gjn/regions/south-east-asia/un-partners.ics?" + "x" * 3000

Matrix = list[list[int]]


def js_matrices(cases: list[tuple[str, int | None]]) -> list[Matrix | str]:
    node = shutil.which("node")
    assert node is not None, "node is needed (installed by .ci/run)"
    done = subprocess.run(
        [node, "-e", RUN, str(ENCODER)],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    found: list[Matrix | str] = json.loads(done.stdout)
    return found


def byte_capacity(version: int) -> int:
    """Bytes a level M symbol of `version` holds, from segno's own tables."""
    count_bits = 8 if version < 10 else 16
    table = cast(dict[int, dict[int, int]], segno.consts.SYMBOL_CAPACITY)
    bits = table[version][segno.consts.ERROR_LEVEL_M]
    return (bits - 4 - count_bits) // 8


def segno_matrix(text: str, mask: int | None) -> Matrix:
    code = segno.make_qr(text, error="m", mode="byte", boost_error=False, mask=mask)
    return [list(row) for row in code.matrix]


def test_every_version_and_mask_draws_the_symbol_segno_draws() -> None:
    cases: list[tuple[str, int | None]] = [
        (ADDRESS[: byte_capacity(version)], version % 8) for version in range(1, 41)
    ]
    cases += [(ADDRESS[: byte_capacity(7)], mask) for mask in range(8)]  # version information
    for (text, mask), matrix in zip(cases, js_matrices(cases), strict=True):
        assert matrix == segno_matrix(text, mask), (len(text), mask)
    assert len(segno_matrix(ADDRESS[: byte_capacity(40)], 0)) == 177  # version 40


def grey(matrix: Matrix, scale: int = 3, quiet: int = 4) -> memoryview:
    """The symbol as a 1-byte-per-pixel image with its quiet zone, as zxing reads it."""
    side = (len(matrix) + 2 * quiet) * scale
    pixels = bytearray(b"\xff" * side * side)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if not dark:
                continue
            for y in range((r + quiet) * scale, (r + quiet + 1) * scale):
                start = y * side + (c + quiet) * scale
                pixels[start : start + scale] = b"\x00" * scale
    return memoryview(bytes(pixels)).cast("B", (side, side))


@pytest.mark.parametrize(
    "text",
    [
        "webcal://example.org/gjn/all.ics",
        "webcal://127.0.0.1:8000/regions/south-east-asia/un-partners.ics",
        "webcal://feeds.example.org/feed.ics?region=pacific&region=south-east-asia"
        "&region=south-asia&region=east-asia&region=global&audience=government"
        "&audience=workers&tag=cop26&tag=side-event&tag=just-transition",
        "webcal://example.org/Ünïcode/ドキュメント.ics",
        ADDRESS[:1000],
    ],
    ids=["short", "local", "combination", "utf-8", "version-22"],
)
def test_the_code_with_its_own_mask_reads_back_as_the_address(text: str) -> None:
    (matrix,) = js_matrices([(text, None)])
    assert isinstance(matrix, list)
    (read,) = zxingcpp.read_barcodes(grey(matrix))
    assert (read.format, read.text, read.ec_level) == (zxingcpp.BarcodeFormat.QRCode, text, "M")


def test_an_address_too_long_for_any_version_is_refused() -> None:
    assert js_matrices([(ADDRESS[: byte_capacity(40) + 1], None)]) == [
        "RangeError: too long for a QR code: 2332 bytes"
    ]
