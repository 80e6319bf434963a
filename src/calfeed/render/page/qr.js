/* A QR code encoder for the page, written from ISO/IEC 18004 (Model 2 symbols): byte mode,
 * error correction level M (15% of the symbol may be lost: glare, a finger, a screen's
 * moiré, which is what a phone camera meets at a venue), versions 1 to 40 (up to 2331
 * bytes, far more than any feed address). It draws the code of an address the page learns
 * only when it runs (no base URL at build time, or the picker's current choice).
 *
 * calfeedQR.matrix(text[, mask]) gives the symbol as rows of 0/1 (1 dark), without the
 * quiet zone; calfeedQR.svg(text, label) an <svg> element, quiet zone included. */
var calfeedQR = (function () {
  "use strict";

  /* Table 9, level M: [EC codewords per block, blocks of group 1, data codewords in each,
   * blocks of group 2, data codewords in each], for versions 1 to 40. */
  var BLOCKS = [
    [10, 1, 16, 0, 0], [16, 1, 28, 0, 0], [26, 1, 44, 0, 0], [18, 2, 32, 0, 0],
    [24, 2, 43, 0, 0], [16, 4, 27, 0, 0], [18, 4, 31, 0, 0], [22, 2, 38, 2, 39],
    [22, 3, 36, 2, 37], [26, 4, 43, 1, 44], [30, 1, 50, 4, 51], [22, 6, 36, 2, 37],
    [22, 8, 37, 1, 38], [24, 4, 40, 5, 41], [24, 5, 41, 5, 42], [28, 7, 45, 3, 46],
    [28, 10, 46, 1, 47], [26, 9, 43, 4, 44], [26, 3, 44, 11, 45], [26, 3, 41, 13, 42],
    [26, 17, 42, 0, 0], [28, 17, 46, 0, 0], [28, 4, 47, 14, 48], [28, 6, 45, 14, 46],
    [28, 8, 47, 13, 48], [28, 19, 46, 4, 47], [28, 22, 45, 3, 46], [28, 3, 45, 23, 46],
    [28, 21, 45, 7, 46], [28, 19, 47, 10, 48], [28, 2, 46, 29, 47], [28, 10, 46, 23, 47],
    [28, 14, 46, 21, 47], [28, 14, 46, 23, 47], [28, 12, 47, 26, 48], [28, 6, 47, 34, 48],
    [28, 29, 46, 14, 47], [28, 13, 46, 32, 47], [28, 40, 47, 7, 48], [28, 18, 47, 31, 48]
  ];
  var LEVEL_M = 0; /* the two error correction level bits of the format information */
  var QUIET = 4; /* modules of light margin on each side (section 6.3.8) */

  /* GF(256) with the field's primitive polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D). */
  var EXP = new Array(512);
  var LOG = new Array(256);
  (function () {
    var value = 1;
    for (var power = 0; power < 255; power += 1) {
      EXP[power] = value;
      LOG[value] = power;
      value <<= 1;
      if (value & 0x100) { value ^= 0x11d; }
    }
    for (power = 255; power < 512; power += 1) { EXP[power] = EXP[power - 255]; }
  })();
  function times(a, b) { return a && b ? EXP[LOG[a] + LOG[b]] : 0; }

  /* The generator polynomial of degree n: the product of (x - a^i) for i below n,
   * coefficients from the highest power down, the leading 1 left out. */
  function generator(n) {
    var poly = [1];
    for (var i = 0; i < n; i += 1) {
      var next = new Array(poly.length + 1).fill(0);
      for (var j = 0; j < poly.length; j += 1) {
        next[j] ^= poly[j];
        next[j + 1] ^= times(poly[j], EXP[i]);
      }
      poly = next;
    }
    return poly.slice(1);
  }

  /* The remainder of data * x^n divided by the generator: the block's EC codewords. */
  function errorCorrection(data, n) {
    var divisor = generator(n);
    var rest = new Array(n).fill(0);
    data.forEach(function (byte) {
      var factor = byte ^ rest.shift();
      rest.push(0);
      for (var i = 0; i < n; i += 1) { rest[i] ^= times(divisor[i], factor); }
    });
    return rest;
  }

  function utf8(text) {
    return Array.prototype.slice.call(new TextEncoder().encode(text));
  }

  function dataCodewords(version) {
    var b = BLOCKS[version - 1];
    return b[1] * b[2] + b[3] * b[4];
  }

  function countBits(version) { return version < 10 ? 8 : 16; }

  function smallestVersion(length) {
    for (var version = 1; version <= 40; version += 1) {
      if (4 + countBits(version) + 8 * length <= 8 * dataCodewords(version)) { return version; }
    }
    throw new RangeError("too long for a QR code: " + length + " bytes");
  }

  /* Mode indicator 0100 (byte), the count, the bytes, up to four 0 bits of terminator,
   * 0 bits to the byte boundary, then the pad codewords 11101100 and 00010001 in turn. */
  function dataStream(bytes, version) {
    var bits = [];
    function put(value, length) {
      for (var i = length - 1; i >= 0; i -= 1) { bits.push((value >>> i) & 1); }
    }
    var capacity = 8 * dataCodewords(version);
    put(4, 4);
    put(bytes.length, countBits(version));
    bytes.forEach(function (byte) { put(byte, 8); });
    put(0, Math.min(4, capacity - bits.length));
    while (bits.length % 8) { bits.push(0); }
    for (var pad = 0; bits.length < capacity; pad += 1) { put(pad % 2 ? 0x11 : 0xec, 8); }
    var codewords = [];
    for (var i = 0; i < bits.length; i += 8) {
      var byte = 0;
      for (var j = 0; j < 8; j += 1) { byte = (byte << 1) | bits[i + j]; }
      codewords.push(byte);
    }
    return codewords;
  }

  /* Split into blocks, add each block's EC codewords, and interleave (section 7.6):
   * the first codeword of every block, then the second, ...; then the EC codewords. */
  function finalMessage(codewords, version) {
    var b = BLOCKS[version - 1];
    var blocks = [];
    var at = 0;
    for (var g = 0; g < b[1] + b[3]; g += 1) {
      var size = g < b[1] ? b[2] : b[4];
      blocks.push(codewords.slice(at, at + size));
      at += size;
    }
    var ecs = blocks.map(function (block) { return errorCorrection(block, b[0]); });
    var out = [];
    var longest = Math.max(b[2], b[4]);
    for (var i = 0; i < longest; i += 1) {
      blocks.forEach(function (block) { if (i < block.length) { out.push(block[i]); } });
    }
    for (i = 0; i < b[0]; i += 1) {
      ecs.forEach(function (ec) { out.push(ec[i]); });
    }
    return out;
  }

  /* Centres of the alignment patterns along each axis (Annex E): 6, the last at size - 7,
   * and the ones between spaced back from the last by an even step, the smallest that
   * leaves the first gap no shorter; Annex E's table takes 26 for version 32. */
  function alignmentCentres(version) {
    if (version === 1) { return []; }
    var count = Math.floor(version / 7) + 2;
    var last = 4 * version + 10;
    var step = Math.ceil((last - 6) / (count - 1));
    step = version === 32 ? 26 : step + (step % 2);
    var centres = [6];
    for (var i = count - 2; i >= 0; i -= 1) { centres.push(last - i * step); }
    return centres;
  }

  /* BCH code of `value` (the data bits) with the generator `poly` of degree `degree`. */
  function bch(value, poly, degree) {
    var rest = value << degree;
    for (var shift = 31 - Math.clz32(rest); shift >= degree; shift -= 1) {
      if (rest & (1 << shift)) { rest ^= poly << (shift - degree); }
    }
    return (value << degree) | rest;
  }

  function Symbol(size, dark, fixed) {
    this.size = size;
    this.dark = dark;
    this.fixed = fixed;
  }
  function blank(version) {
    var size = 4 * version + 17;
    var dark = [], fixed = [];
    for (var r = 0; r < size; r += 1) {
      dark.push(new Array(size).fill(0));
      fixed.push(new Array(size).fill(false));
    }
    return new Symbol(size, dark, fixed);
  }
  Symbol.prototype.set = function (row, col, dark) {
    this.dark[row][col] = dark ? 1 : 0;
    this.fixed[row][col] = true;
  };

  /* Finder patterns with their separators, timing patterns, alignment patterns, the dark
   * module, and room for format and version information (section 6.3). */
  function functionPatterns(symbol, version) {
    var size = symbol.size;
    [[0, 0], [0, size - 7], [size - 7, 0]].forEach(function (corner) {
      for (var r = -1; r <= 7; r += 1) {
        for (var c = -1; c <= 7; c += 1) {
          var row = corner[0] + r, col = corner[1] + c;
          if (row < 0 || col < 0 || row >= size || col >= size) { continue; }
          var ring = Math.max(Math.abs(r - 3), Math.abs(c - 3));
          symbol.set(row, col, ring !== 2 && ring !== 4);
        }
      }
    });
    for (var i = 8; i < size - 8; i += 1) {
      symbol.set(6, i, i % 2 === 0);
      symbol.set(i, 6, i % 2 === 0);
    }
    var centres = alignmentCentres(version);
    var last = centres.length - 1;
    centres.forEach(function (row, a) {
      centres.forEach(function (col, b) {
        if ((a === 0 && (b === 0 || b === last)) || (a === last && b === 0)) {
          return; /* where a finder pattern is */
        }
        for (var r = -2; r <= 2; r += 1) {
          for (var c = -2; c <= 2; c += 1) {
            symbol.set(row + r, col + c, Math.max(Math.abs(r), Math.abs(c)) !== 1);
          }
        }
      });
    });
    formatInformation(symbol, 0);
    symbol.set(size - 8, 8, true);
    if (version >= 7) {
      var bits = bch(version, 0x1f25, 12);
      for (i = 0; i < 18; i += 1) {
        var on = (bits >>> i) & 1;
        var a = size - 11 + (i % 3), b = Math.floor(i / 3);
        symbol.set(a, b, on);
        symbol.set(b, a, on);
      }
    }
  }

  /* 15 bits: the level and the mask, BCH(15,5) protected, XOR 101010000010010; one copy
   * round the top-left finder, the other split below the top-right and beside the
   * bottom-left one (section 7.9, figure 25). Bit 14 is the most significant. */
  function formatInformation(symbol, mask) {
    var size = symbol.size;
    var bits = bch((LEVEL_M << 3) | mask, 0x537, 10) ^ 0x5412;
    for (var i = 0; i < 15; i += 1) {
      var on = (bits >>> i) & 1;
      if (i < 6) { symbol.set(i, 8, on); }
      else if (i < 8) { symbol.set(i + 1, 8, on); }
      else if (i === 8) { symbol.set(8, 7, on); }
      else { symbol.set(8, 14 - i, on); }
      if (i < 8) { symbol.set(8, size - 1 - i, on); }
      else { symbol.set(size - 15 + i, 8, on); }
    }
  }

  /* The codewords' bits, most significant first, in two-module columns from the bottom
   * right, up then down in turn, skipping the vertical timing pattern (section 7.7.3). */
  function placeData(symbol, message) {
    var size = symbol.size;
    var index = 0;
    var total = message.length * 8;
    var upward = true;
    for (var right = size - 1; right > 0; right -= 2) {
      if (right === 6) { right = 5; }
      for (var step = 0; step < size; step += 1) {
        var row = upward ? size - 1 - step : step;
        for (var c = 0; c < 2; c += 1) {
          var col = right - c;
          if (symbol.fixed[row][col]) { continue; }
          var bit = index < total ? (message[index >>> 3] >>> (7 - (index & 7))) & 1 : 0;
          symbol.dark[row][col] = bit;
          index += 1;
        }
      }
      upward = !upward;
    }
  }

  var MASKS = [
    function (i, j) { return (i + j) % 2 === 0; },
    function (i) { return i % 2 === 0; },
    function (i, j) { return j % 3 === 0; },
    function (i, j) { return (i + j) % 3 === 0; },
    function (i, j) { return (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0; },
    function (i, j) { return (i * j) % 2 + (i * j) % 3 === 0; },
    function (i, j) { return ((i * j) % 2 + (i * j) % 3) % 2 === 0; },
    function (i, j) { return ((i + j) % 2 + (i * j) % 3) % 2 === 0; }
  ];

  function masked(symbol, mask) {
    var rows = symbol.dark.map(function (row, i) {
      return row.map(function (dark, j) {
        return !symbol.fixed[i][j] && MASKS[mask](i, j) ? dark ^ 1 : dark;
      });
    });
    var copy = new Symbol(symbol.size, rows, symbol.fixed);
    formatInformation(copy, mask);
    return copy.dark;
  }

  /* The four penalty rules of section 7.8.3: runs of one colour, 2x2 blocks, patterns
   * that look like a finder, and imbalance of dark and light. */
  function penalty(rows) {
    var size = rows.length;
    var score = 0;
    var dark = 0;
    var lines = [];
    for (var i = 0; i < size; i += 1) {
      var column = [];
      for (var j = 0; j < size; j += 1) {
        column.push(rows[j][i]);
        dark += rows[i][j];
        if (i + 1 < size && j + 1 < size) {
          var v = rows[i][j];
          if (v === rows[i][j + 1] && v === rows[i + 1][j] && v === rows[i + 1][j + 1]) {
            score += 3;
          }
        }
      }
      lines.push(rows[i], column);
    }
    lines.forEach(function (line) {
      var run = 1;
      for (var k = 1; k <= size; k += 1) {
        if (k < size && line[k] === line[k - 1]) { run += 1; continue; }
        if (run >= 5) { score += run - 2; }
        run = 1;
      }
      var text = "0000" + line.join("") + "0000";
      for (var at = text.indexOf("1011101"); at >= 0; at = text.indexOf("1011101", at + 1)) {
        if (text.slice(at - 4, at) === "0000" || text.slice(at + 7, at + 11) === "0000") {
          score += 40;
        }
      }
    });
    score += 10 * Math.floor(Math.abs(dark * 20 - size * size * 10) / (size * size));
    return score;
  }

  function matrix(text, mask) {
    var bytes = utf8(text);
    var version = smallestVersion(bytes.length);
    var symbol = blank(version);
    functionPatterns(symbol, version);
    placeData(symbol, finalMessage(dataStream(bytes, version), version));
    if (mask !== undefined) { return masked(symbol, mask); }
    var best = null, bestScore = Infinity;
    for (var m = 0; m < 8; m += 1) {
      var candidate = masked(symbol, m);
      var score = penalty(candidate);
      if (score < bestScore) { best = candidate; bestScore = score; }
    }
    return best;
  }

  /* Dark modules as one path of horizontal runs on a light square, the quiet zone
   * included: crisp at any size, and readable in a dark colour scheme too. */
  function svg(text, label) {
    var rows = matrix(text);
    var side = rows.length + 2 * QUIET;
    var d = [];
    rows.forEach(function (row, i) {
      for (var j = 0; j < row.length; j += 1) {
        if (!row[j]) { continue; }
        var start = j;
        while (j + 1 < row.length && row[j + 1]) { j += 1; }
        d.push("M" + (start + QUIET) + " " + (i + QUIET) + "h" + (j - start + 1) + "v1H" +
          (start + QUIET) + "z");
      }
    });
    var ns = "http://www.w3.org/2000/svg";
    var root = document.createElementNS(ns, "svg");
    root.setAttribute("viewBox", "0 0 " + side + " " + side);
    root.setAttribute("class", "qr-code");
    root.setAttribute("role", "img");
    root.setAttribute("aria-label", label);
    var light = document.createElementNS(ns, "path");
    light.setAttribute("fill", "#fff");
    light.setAttribute("d", "M0 0h" + side + "v" + side + "H0z");
    var modules = document.createElementNS(ns, "path");
    modules.setAttribute("fill", "#000");
    modules.setAttribute("d", d.join(""));
    root.appendChild(light);
    root.appendChild(modules);
    return root;
  }

  return {matrix: matrix, svg: svg};
})();
