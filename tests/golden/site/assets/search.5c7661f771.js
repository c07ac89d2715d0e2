// Exact full-text search over the archive, in the browser, reading the sharded index that
// generator/search_index.py writes (its docstring describes the files). A query fetches
// only the few small files it needs. window.reportSearch.query(q) returns a Promise of
// every matching report in rank order (its province and year); reportSearch.details(list)
// adds the url, title, agency and region of those in the list, fetching only their
// details files.
// The search page uses both, and so can other sites.
(function () {
  "use strict";
  var root = document.getElementById("search");
  var manifestUrl = root ? root.getAttribute("data-index") : null;
  var dir = manifestUrl ? manifestUrl.replace(/manifest\.json$/, "") : "";
  var MAX_VARIANTS = 64;
  var PAGE = 20;
  var cache = {};

  function get(path, kind, options) {
    if (!cache[path]) {
      cache[path] = fetch(dir + path, options).then(function (response) {
        if (!response.ok) { throw new Error(path + ": HTTP " + response.status); }
        if (kind === "json") { return response.json(); }
        return response.arrayBuffer().then(function (buffer) { return new Uint8Array(buffer); });
      });
    }
    return cache[path];
  }

  // Bytes [start, end) of a file, by a range request; a host that ignores ranges sends
  // the whole file, which is then kept and sliced. A range request asks for the bytes
  // as stored (Fetch sends Accept-Encoding: identity with it), so offsets into an HTML
  // page hold even where the host compresses pages.
  function getRange(path, start, end) { return urlRange(dir + path, start, end); }
  function urlRange(url, start, end) {
    var key = url + "#" + start + "-" + end;
    if (!cache[key]) {
      cache[key] = cache[url] ? cache[url].then(function (all) { return all.subarray(start, end); }) :
        fetch(url, { headers: { Range: "bytes=" + start + "-" + (end - 1) } }).then(function (response) {
          if (!response.ok && response.status !== 416) { throw new Error(url + ": HTTP " + response.status); }
          if (response.status === 416) { return new Uint8Array(0); }  // past the end
          return response.arrayBuffer().then(function (buffer) {
            var bytes = new Uint8Array(buffer);
            if (response.status === 206) { return bytes; }
            cache[url] = Promise.resolve(bytes);
            return bytes.subarray(start, end);
          });
        });
    }
    return cache[key];
  }

  // Unsigned LEB128 varints from `at`; count < 0 reads to the end. Returns [values, end].
  function varints(bytes, at, count) {
    var values = [];
    while (at < bytes.length && (count < 0 || values.length < count)) {
      var value = 0, scale = 1, byte;
      do {
        byte = bytes[at++];
        value += (byte & 0x7f) * scale;
        scale *= 128;
      } while (byte & 0x80);
      values.push(value);
    }
    return [values, at];
  }

  function lowerBound(list, value) {  // how many entries of the sorted list are < value
    var lo = 0, hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >>> 1;
      if (list[mid] < value) { lo = mid + 1; } else { hi = mid; }
    }
    return lo;
  }

  var decoded = {};
  // A chunk of rows (search_index.run_lengths): gap * 2 + 1 when a run of rows one apart
  // follows, then how many more; gap * 2 alone otherwise. The first gap is the first row.
  function rowList(path, start, end) {
    var key = path + "#" + start;
    if (!decoded[key]) {
      var bytes = end === undefined ? get(path, "bin") : getRange(path, start, end);
      decoded[key] = bytes.then(function (data) {
        var values = varints(data, 0, -1)[0], list = [], row = 0;
        for (var i = 0; i < values.length; i++) {
          row += Math.floor(values[i] / 2);
          list.push(row);
          if (values[i] % 2) {
            for (var more = values[++i]; more > 0; more--) { list.push(++row); }
          }
        }
        return list;
      });
    }
    return decoded[key];
  }

  function heads(path) {  // [first row of each chunk, byte offset of each chunk and the end]
    if (!decoded[path]) {
      decoded[path] = get(path, "json").then(function (pair) {
        var rows = pair[0], offsets = [0];
        for (var i = 1; i < rows.length; i++) { rows[i] += rows[i - 1]; }
        pair[1].forEach(function (length, i) { offsets.push(offsets[i] + length); });
        return [rows, offsets];
      });
    }
    return decoded[path];
  }

  // The manifest has a fixed name and changes with the index: asked for with "no-cache",
  // a revalidation, so a reader never combines an old manifest with new segments.
  // Each segment gets its first report number, and the set of its reports to drop.
  var manifest = null, manifestPiece = 0, placeBytes = 0;  // from manifest.json
  function loadManifest() {
    if (!manifest) {
      manifest = get("manifest.json", "json", { cache: "no-cache" }).then(function (m) {
        manifestPiece = m.piece;
        placeBytes = m.placeBytes;
        var first = 0;
        m.segments.forEach(function (s, i) {
          s.first = first;
          s.shardBits = m.shardBits;
          s.wideDirBits = m.wideDirBits;
          s.docBits = m.docBits;
          s.headingPiece = m.headingPiece;
          s.lastPiece = m.lastPiece;
          s.detailDocs = m.detailDocs;
          s.order = i;
          s.dropped = {};
          m.deleted[i].forEach(function (d) { s.dropped[d] = true; });
          first += s.docs;
        });
        return m;
      });
    }
    return manifest;
  }

  function segmentOf(m, doc) {  // the segment holding report number doc
    for (var i = m.segments.length - 1; i >= 0; i--) {
      if (doc >= m.segments[i].first) { return m.segments[i]; }
    }
    return null;
  }

  function shard(ch, bits) { return ch.codePointAt(0) >> bits; }

  function halfWidth(text) {
    return text.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xFEE0);
    }).replace(/\u3000/g, " ");
  }

  // The simplified forms a report may contain for each character typed (mirrors
  // generator/index.py fold_map), from the fold shards of the characters typed.
  function foldTable(m, chars) {
    var wanted = {};
    chars.forEach(function (c) {
      var k = shard(c, m.shardBits);
      if (m.fold.shards.indexOf(k) >= 0) { wanted[k] = true; }
    });
    return Promise.all(Object.keys(wanted).map(function (k) { return get(m.fold.dir + k + ".json", "json"); }))
      .then(function (tables) { return Object.assign.apply(null, [{}].concat(tables)); });
  }

  function forms(word, fold) {
    var typed = halfWidth(word);
    var choices = Array.from(typed).map(function (c) { return Array.from(fold[c] || c); });
    var total = choices.reduce(function (n, options) { return n * options.length; }, 1);
    var result;
    if (total > MAX_VARIANTS) {
      result = [choices.map(function (options) { return options[0]; }).join("")];
    } else {
      result = [""];
      choices.forEach(function (options) {
        var next = [];
        result.forEach(function (form) {
          options.forEach(function (option) { next.push(form + option); });
        });
        result = next;
      });
    }
    if (result.indexOf(typed) < 0) { result.push(typed); }
    return result;
  }

  function wordsOf(q) {
    return halfWidth(q || "").trim().split(/\s+/).filter(Boolean);
  }

  // --- one partition's FM-index (s: its segment, p: its number there) -------------------

  // Characters are looked up as UTF-16 code units (as the index stores them).
  function charInfo(s, p, unit) {
    var k = unit >> s.shardBits;
    if (s.partitions[p].shards.indexOf(k) < 0) { return Promise.resolve(null); }
    return get(s.dir + "p" + p + "/chars/" + k + ".json", "json").then(function (table) { return table[unit] || null; });
  }

  // How many rows below `row` the code unit precedes.
  function rank(s, p, cp, info, row) {
    var list = s.dir + "p" + p + "/occ/" + cp + ".bin", chunk = info[2];
    if (info[1] <= chunk) {
      return rowList(list).then(function (rows) { return lowerBound(rows, row); });
    }
    return heads(s.dir + "p" + p + "/heads/" + cp + ".json").then(function (h) {
      var j = lowerBound(h[0], row) - 1;  // the last chunk starting below row
      if (j < 0) { return 0; }
      return rowList(list, h[1][j], h[1][j + 1]).then(function (rows) {
        return j * chunk + lowerBound(rows, row);
      });
    });
  }

  // The rows whose suffixes start with `form` (backward search), or null.
  function locate(s, p, form) {
    var chars = [];
    for (var i = 0; i < form.length; i++) { chars.push(form.charCodeAt(i)); }
    return Promise.all(chars.map(function (c) { return charInfo(s, p, c); })).then(function (infos) {
      if (infos.some(function (info) { return !info; })) { return null; }
      var last = infos[infos.length - 1];
      var range = [last[0], last[0] + last[1]];
      var k = chars.length - 2;
      function step() {
        if (range[0] >= range[1]) { return null; }
        if (k < 0) { return range; }
        var info = infos[k], ch = chars[k];
        k -= 1;
        return Promise.all([rank(s, p, ch, info, range[0]), rank(s, p, ch, info, range[1])]).then(function (r) {
          range = [info[0] + r[0], info[0] + r[1]];
          return step();
        });
      }
      return step();
    });
  }

  function wideAnswer(s, p, range) {
    var k = Math.floor(range[0] / Math.pow(2, s.wideDirBits));
    return get(s.dir + "p" + p + "/wide/" + k + ".json", "json").then(function (entries) {
      for (var i = 0; i < entries.length; i += 4) {
        if (entries[i] === range[0] && entries[i + 1] === range[1]) {
          return getRange(s.dir + "p" + p + "/wide.bin", entries[i + 2], entries[i + 2] + entries[i + 3]);
        }
      }
      throw new Error("no answer for rows " + range);
    });
  }

  // A report's weight for a word: 1 + floor(log2(occurrences)), at most 7, as the build
  // stores it in a wide answer's nibble (search_index.weight).
  function weightOf(count) {
    var w = 0;
    while (count > 0 && w < 7) { w++; count = Math.floor(count / 2); }
    return w;
  }

  // {report number: [weight, snippet piece or -1, in heading]} for one range of rows,
  // without the reports the segment drops.
  function reportsOf(s, p, range) {
    var first = s.partitions[p].first;
    var found = {};
    if (range[1] - range[0] >= s.wide) {
      return wideAnswer(s, p, range).then(function (bytes) {
        var head = varints(bytes, 0, 2), at = head[1], n = head[0][1], docs = [];
        if (head[0][0] === 1) {
          var size = s.partitions[p].docs;
          for (var d = 0; d < size; d++) {
            if (bytes[at + (d >> 3)] & (1 << (d & 7))) { docs.push(d); }
          }
          at += Math.ceil(size / 8);
        } else {
          var gaps = varints(bytes, at, n);
          at = gaps[1];
          var doc = 0;
          gaps[0].forEach(function (gap) { doc += gap; docs.push(doc); });
        }
        docs.forEach(function (d, i) {
          var nibble = (bytes[at + (i >> 1)] >> (4 * (i & 1))) & 15;
          if (!s.dropped[first + d]) { found[s.first + first + d] = [nibble & 7, nibble & 8 ? 0 : -1, (nibble & 8) > 0]; }
        });
        return found;
      });
    }
    // Two rows of 20 bits in five bytes (search_index.document_bytes): a | b << 20.
    var from = range[0] >> 1, to = (range[1] + 1) >> 1;
    return getRange(s.dir + "p" + p + "/docs.bin", 5 * from, 5 * to).then(function (bytes) {
      var counts = {}, docMask = (1 << s.docBits) - 1;
      for (var row = range[0]; row < range[1]; row++) {
        var o = 5 * ((row >> 1) - from), value = row & 1 ?
          (bytes[o + 2] >> 4) | (bytes[o + 3] << 4) | (bytes[o + 4] << 12) :
          bytes[o] | (bytes[o + 1] << 8) | ((bytes[o + 2] & 15) << 16);
        var d = value & docMask, piece = value >> s.docBits;
        if (s.dropped[first + d]) { continue; }
        var key = s.first + first + d, heading = piece === s.headingPiece;
        if (!found[key]) { found[key] = [0, heading ? 0 : piece, false]; counts[key] = 0; }
        counts[key]++;
        found[key][2] = found[key][2] || heading;
      }
      Object.keys(found).forEach(function (key) { found[key][0] = weightOf(counts[key]); });
      return found;
    });
  }

  // For one word: {report: [weight, piece, in heading, form]}, the first form found winning.
  function findWord(m, variants) {
    var parts = [];
    m.segments.forEach(function (s) { s.partitions.forEach(function (part, p) { parts.push([s, p]); }); });
    return Promise.all(variants.map(function (form) {
      return Promise.all(parts.map(function (sp) {
        return locate(sp[0], sp[1], form).then(function (range) { return range ? reportsOf(sp[0], sp[1], range) : {}; });
      }));
    })).then(function (perForm) {
      var result = {};
      for (var f = perForm.length - 1; f >= 0; f--) {
        perForm[f].forEach(function (found) {
          Object.keys(found).forEach(function (doc) { result[doc] = found[doc].concat([variants[f]]); });
        });
      }
      return result;
    });
  }

  // --- report details ------------------------------------------------------------------

  // Columns are base-64 digits of a fixed width (search_index.digits).
  function digitsAt(digits, text, at, width) {  // a number written as `width` base-64 digits
    var value = 0;
    for (var k = at; k < at + width; k++) { value = value * 64 + digits.indexOf(text[k]); }
    return value;
  }

  function withColumns(table, columns) {
    table.column = function (name, i) {
      var width = columns[name][0];
      return digitsAt(table.digits, columns[name][1], i * width, width);
    };
    table.yearOf = function (i) { return table.column("year", i) ? table.firstYear + table.column("year", i) : null; };
    return table;
  }

  // A details file: region names front-coded (shared length as a digit, then the rest),
  // then each report's region as a number in that list (search_index.front_coded, metadata).
  function unfoldDetails(table) {
    withColumns(table, table.columns);
    var names = [], previous = "";
    table.regions.forEach(function (coded) {
      previous = previous.slice(0, table.digits.indexOf(coded[0])) + coded.slice(1);
      names.push(previous);
    });
    table.regionOf = [];
    for (var i = 0; i < table.columns.region[1].length / table.columns.region[0]; i++) {
      table.regionOf.push(names[table.column("region", i)]);
    }
    return table;
  }

  // Province and year of every report of a segment: ranking and the filters need them.
  function loadKeys(s) {
    if (!s.keys) {
      s.keys = get(s.dir + "keys.json", "json").then(function (keys) {
        function unrun(pairs) {  // [[value, how many in a row], ...] -> one value per report
          var out = [];
          pairs.forEach(function (pair) { for (var k = 0; k < pair[1]; k++) { out.push(pair[0]); } });
          return out;
        }
        s.keysTable = { province: unrun(keys.province).map(function (i) { return keys.provinces[i]; }),
                        year: unrun(keys.year) };
        return keys;
      });
    }
    return s.keys;
  }

  // The details file holding a segment's report number `local`.
  function detailsFile(s, local) {
    var k = Math.floor(local / s.detailDocs);
    return get(s.dir + "meta/" + k + ".json", "json").then(function (table) {
      return table.regionOf ? table : unfoldDetails(table);
    });
  }

  function encodeSegment(text) {  // as Python's urllib.parse.quote(text, safe="")
    return encodeURIComponent(text).replace(/[!'()*]/g, function (c) {
      return "%" + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }

  function describe(meta, i) {
    var region = meta.regionOf[i];
    var overlap = meta.column("overlap", i);
    var agency = region.slice(region.length - overlap) + meta.kinds[meta.column("kind", i)];
    var year = meta.yearOf(i);
    var title = meta.titles[i] !== undefined ? meta.titles[i] :
      meta.templates[meta.column("title", i)].replace("{agency}", function () { return agency; })
        .replace("{year}", String(year));
    var url = meta.urls[i] !== undefined ? meta.urls[i] :
      meta.base + "reports/" + [region, agency, String(year)].map(encodeSegment).join("/") + "/";
    var places = [], coded = meta.places[i], width = +coded.slice(0, 1), at = 0;
    for (var k = 1; k < coded.length; k += width) {  // gaps, in units of placeBytes
      at += digitsAt(meta.digits, coded, k, width);
      places.push(at * placeBytes);
    }
    return { url: url, title: title, agency: agency, region: region, places: places };
  }

  // Adds url, title and agency to each result of the list (results of query()), reading
  // only the details files that hold them: a screen of results needs a few small files.
  function details(results) {
    return Promise.all(results.map(function (r) {
      if (r.url) { return r; }
      return detailsFile(r.segment, r.local).then(function (meta) {
        var described = describe(meta, r.local % r.segment.detailDocs);
        r.url = described.url;
        r.title = described.title;
        r.agency = described.agency;
        r.region = described.region;
        r.places = described.places;
        return r;
      });
    }));
  }

  function query(q) {
    var words = wordsOf(q);
    if (!words.length) { return Promise.resolve([]); }
    return loadManifest().then(function (m) {
      var chars = Array.from(words.join(""));
      return foldTable(m, chars).then(function (fold) {
        return Promise.all(words.map(function (w) { return findWord(m, forms(w, fold)); }));
      }).then(function (perWord) {
        var docs = Object.keys(perWord[0]).filter(function (doc) {
          return perWord.every(function (found) { return found[doc]; });
        });
        if (!docs.length) { return []; }
        var places = docs.map(function (doc) {  // [segment, number within it]
          var s = segmentOf(m, +doc);
          return [s, +doc - s.first];
        });
        var segments = m.segments.filter(function (s) {
          return places.some(function (where) { return where[0] === s; });
        });
        return Promise.all(segments.map(loadKeys)).then(function () {
          var results = places.map(function (where, i) {
            var doc = docs[i], s = where[0], keys = s.keysTable, local = where[1];
            var r = { segment: s, local: local, province: keys.province[local], year: keys.year[local],
                      hits: 0, inHeading: false };
            perWord.forEach(function (found) {
              r.hits += found[doc][0];
              r.inHeading = r.inHeading || found[doc][2];
            });
            r.piece = perWord[0][doc][1];
            r.match = perWord[0][doc][3];
            return r;
          });
          // Title or agency first, then the summed weights, the newest, the archive's
          // order (region, agency: a segment numbers its reports newest year first, then so).
          results.sort(function (a, b) {
            return (b.inHeading - a.inHeading) || (b.hits - a.hits) || ((b.year || 0) - (a.year || 0)) ||
              (a.segment.order - b.segment.order) || (a.local - b.local);
          });
          return results;
        });
      });
    });
  }

  // The text a reader sees in some bytes of an HTML page, whitespace left out, as
  // index.visible_text takes it: a tag or character cut at either end is dropped.
  var utf8 = new TextDecoder("utf-8");
  var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'", nbsp: " " };
  function pageText(bytes) {
    var html = utf8.decode(bytes).replace(/^\uFFFD+|\uFFFD+$/g, "");
    var open = html.indexOf("<"), close = html.indexOf(">");
    if (close >= 0 && (open < 0 || close < open)) { html = html.slice(close + 1); }  // inside a tag
    if (html.lastIndexOf("<") > html.lastIndexOf(">")) { html = html.slice(0, html.lastIndexOf("<")); }
    var entity = /&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);/g;
    return html.replace(/<[^>]*>/g, "").replace(entity, function (all, name) {
      if (/^#[xX]/.test(name)) { return String.fromCodePoint(parseInt(name.slice(2), 16)); }
      if (name[0] === "#") { return String.fromCodePoint(parseInt(name.slice(1), 10)); }
      return ENTITIES[name] !== undefined ? ENTITIES[name] : all;
    }).replace(/\s+/g, "");
  }

  // Text around a report's first match, read from the report's own page: the bytes of
  // the piece the index named (the details say where each piece begins), or each piece
  // in turn when it named none (a wide answer) or the last one ("this piece or later").
  var MORE_READS = 6;  // reads at most for a piece not named, or past the last one named
  function snippetText(result) {
    var places = result.places, lastPiece = result.segment.lastPiece, size = 3 * manifestPiece;
    if (!places || !places.length) { return Promise.resolve(""); }
    var pieces = places.length - 1 === lastPiece ? places.length + MORE_READS : places.length;
    function read(piece, alone, reads) {
      var start = piece < places.length ? places[piece] :
        places[places.length - 1] + (piece - places.length + 1) * size;  // past the last place: a guess
      var from = Math.max(0, start - 120);
      var end = (piece + 1 < places.length ? places[piece + 1] : start + size) + 6 * result.match.length + 64;
      return urlRange(result.url, from, end).then(function (bytes) {
        var text = pageText(bytes);
        var done = alone || text.indexOf(result.match) >= 0 || bytes.length < end - from ||
          piece + 1 >= pieces || reads <= 1;
        return done ? text : read(piece + 1, false, reads - 1);
      });
    }
    if (result.piece >= 0) {
      var piece = Math.min(result.piece, places.length - 1);
      return read(piece, piece < lastPiece, MORE_READS);
    }
    return read(0, false, MORE_READS);
  }

  window.reportSearch = { query: query, details: details };
  if (!root) { return; }

  var form = root.querySelector("form");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var filters = root.querySelector(".filters");
  var selects = {
    year: document.getElementById("filter-year"),
    province: document.getElementById("filter-province")
  };
  var current = [];
  var shown = 0;
  var drawn = 0;  // counts redraws: a page of results described after a newer redraw is dropped
  var observer = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) { observer.unobserve(entry.target); fillSnippet(entry.target); }
    });
  }) : null;

  function fillSnippet(item) {
    var result = item.result;
    snippetText(result).then(function (text) {
      var at = text.indexOf(result.match);
      if (at < 0) { item.textContent = text.slice(0, 80); return; }
      var start = Math.max(0, at - 40);
      var end = Math.min(text.length, at + result.match.length + 40);
      item.textContent = "";
      item.appendChild(document.createTextNode((start > 0 ? "…" : "") + text.slice(start, at)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(at, at + result.match.length);
      item.appendChild(mark);
      item.appendChild(document.createTextNode(text.slice(at + result.match.length, end) + (end < text.length ? "…" : "")));
    }, function () { item.textContent = ""; });
  }

  function render(result) {
    var li = document.createElement("li");
    li.className = "search-result";
    var link = document.createElement("a");
    link.href = result.url;
    link.textContent = result.title;
    var meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = result.agency + " · " + result.region + " · " + (result.year ? result.year + "年" : "年份不详");
    var snippet = document.createElement("p");
    snippet.className = "snippet";
    snippet.result = result;
    li.appendChild(link);
    li.appendChild(meta);
    li.appendChild(snippet);
    return li;
  }

  function filtered() {
    return current.filter(function (r) {
      return (!selects.year.value || String(r.year) === selects.year.value) &&
        (!selects.province.value || r.province === selects.province.value);
    });
  }

  // The next page of results: their details files first (a few small ones), then the list.
  function showMore() {
    var rows = filtered();
    var end = Math.min(rows.length, shown + PAGE);
    var page = rows.slice(shown, end), generation = drawn;
    shown = end;
    more.hidden = shown >= rows.length;
    return details(page).then(function () {
      if (generation !== drawn) { return; }
      var fragment = document.createDocumentFragment();
      var added = page.map(function (result) { return fragment.appendChild(render(result)); });
      list.appendChild(fragment);
      added.forEach(function (li) {
        var snippet = li.querySelector(".snippet");
        if (observer) { observer.observe(snippet); } else { fillSnippet(snippet); }
      });
    }, function () {
      status.textContent = "搜索数据没有下载成功，请稍后再试。";
    });
  }

  function fill(select, values) {
    var keep = select.value;
    while (select.options.length > 1) { select.remove(1); }
    values.forEach(function (value) {
      var option = document.createElement("option");
      option.value = String(value);
      option.textContent = String(value);
      select.appendChild(option);
    });
    select.value = values.map(String).indexOf(keep) >= 0 ? keep : "";
  }

  function distinct(key) {
    var seen = {};
    current.forEach(function (r) { if (r[key] !== null) { seen[r[key]] = true; } });
    return Object.keys(seen).sort();
  }

  // The status is said (aria-live) once the first page of results is on screen.
  function redraw(q) {
    list.textContent = "";
    shown = 0;
    drawn++;
    var rows = filtered(), said;
    if (!current.length) {
      said = "没有找到包含“" + q + "”的报告。可以换一个词，或少输几个字。";
    } else if (rows.length === current.length) {
      said = "找到 " + current.length + " 篇报告。";
    } else {
      said = "找到 " + current.length + " 篇报告，筛选后 " + rows.length + " 篇。";
    }
    var generation = drawn;
    showMore().then(function () { if (generation === drawn) { status.textContent = said; } });
  }

  function run(q) {
    q = q.trim();
    if (!q) { status.textContent = ""; list.textContent = ""; filters.hidden = true; more.hidden = true; return; }
    status.textContent = "正在搜索……";
    query(q).then(function (results) {
      current = results;
      fill(selects.year, distinct("year").sort().reverse());
      fill(selects.province, distinct("province"));
      filters.hidden = !results.length;
      redraw(q);
    }, function () {
      status.textContent = "搜索数据没有下载成功，请稍后再试。";
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var q = input.value;
    var url = new URL(window.location.href);
    url.searchParams.set("q", q);
    window.history.replaceState(null, "", url.toString());
    run(q);
  });
  Object.keys(selects).forEach(function (key) {
    selects[key].addEventListener("change", function () { redraw(input.value.trim()); });
  });
  more.addEventListener("click", function () { showMore(); });
  var initial = new URL(window.location.href).searchParams.get("q");
  if (initial) { input.value = initial; run(initial); }
})();
