// Exact full-text search over the archive, in the browser. window.reportSearch.query(q)
// returns a Promise of every matching report in rank order; the search page uses it.
(function () {
  "use strict";
  var root = document.getElementById("search");
  var indexUrl = root ? root.getAttribute("data-index") : null;
  var foldUrl = root ? root.getAttribute("data-fold") : null;
  var loading = null;
  var MAX_VARIANTS = 64;
  var PAGE = 100;

  function load() {
    if (!loading) {
      loading = Promise.all([
        fetch(indexUrl).then(function (r) { return r.json(); }),
        fetch(foldUrl).then(function (r) { return r.json(); })
      ]).then(function (parts) {
        var index = parts[0];
        var sep = index.separator;
        index.fields = index.texts.map(function (text) { return text.split(sep); });
        return { index: index, fold: parts[1] };
      });
    }
    return loading;
  }

  function halfWidth(text) {
    return text.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xFEE0);
    }).replace(/\u3000/g, " ");
  }

  // The forms one query word may take in a simplified report (mirrors generator/index.py).
  function forms(word, fold) {
    var typed = halfWidth(word);
    var chars = Array.from(typed);
    var choices = chars.map(function (c) { return Array.from(fold[c] || c); });
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

  function words(query, fold) {
    return halfWidth(query).trim().split(/\s+/).filter(Boolean).map(function (w) { return forms(w, fold); });
  }

  function count(text, form) {
    return form ? text.split(form).length - 1 : 0;
  }

  function query(q) {
    return load().then(function (data) {
      var ws = words(q || "", data.fold);
      if (!ws.length) { return []; }
      var results = [];
      data.index.texts.forEach(function (text, i) {
        var found = [];
        for (var w = 0; w < ws.length; w++) {
          var form = null;
          for (var f = 0; f < ws[w].length; f++) {
            if (text.indexOf(ws[w][f]) >= 0) { form = ws[w][f]; break; }
          }
          if (form === null) { return; }
          found.push(form);
        }
        var fields = data.index.fields[i];
        var heading = fields[0] + "\u0001" + fields[1];
        var inHeading = found.some(function (form) { return heading.indexOf(form) >= 0; });
        var hits = found.reduce(function (n, form) { return n + count(text, form); }, 0);
        var doc = data.index.docs[i];
        results.push({
          url: doc[0], title: doc[1], agency: doc[2], region: doc[3], year: doc[4] || null,
          inHeading: inHeading, hits: hits, match: found[0], body: fields[3] || ""
        });
      });
      results.sort(function (a, b) {
        return (b.inHeading - a.inHeading) || (b.hits - a.hits) || ((b.year || 0) - (a.year || 0)) ||
          (a.url < b.url ? -1 : a.url > b.url ? 1 : 0);
      });
      return results;
    });
  }

  window.reportSearch = { query: query };
  if (!root) { return; }

  var form = root.querySelector("form");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var filters = root.querySelector(".filters");
  var selects = {
    year: document.getElementById("filter-year"),
    region: document.getElementById("filter-region"),
    agency: document.getElementById("filter-agency")
  };
  var current = [];
  var shown = 0;

  function snippet(result) {
    var body = result.body;
    var at = body.indexOf(result.match);
    var item = document.createElement("p");
    item.className = "snippet";
    if (at < 0) { item.textContent = body.slice(0, 80); return item; }
    var start = Math.max(0, at - 40);
    var end = Math.min(body.length, at + result.match.length + 40);
    item.appendChild(document.createTextNode((start > 0 ? "…" : "") + body.slice(start, at)));
    var mark = document.createElement("mark");
    mark.textContent = body.slice(at, at + result.match.length);
    item.appendChild(mark);
    item.appendChild(document.createTextNode(body.slice(at + result.match.length, end) + (end < body.length ? "…" : "")));
    return item;
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
    li.appendChild(link);
    li.appendChild(meta);
    li.appendChild(snippet(result));
    return li;
  }

  function filtered() {
    return current.filter(function (r) {
      return (!selects.year.value || String(r.year) === selects.year.value) &&
        (!selects.region.value || r.region === selects.region.value) &&
        (!selects.agency.value || r.agency === selects.agency.value);
    });
  }

  function showMore() {
    var rows = filtered();
    var end = Math.min(rows.length, shown + PAGE);
    var fragment = document.createDocumentFragment();
    for (var i = shown; i < end; i++) { fragment.appendChild(render(rows[i])); }
    list.appendChild(fragment);
    shown = end;
    more.hidden = shown >= rows.length;
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

  function redraw(q) {
    list.textContent = "";
    shown = 0;
    var rows = filtered();
    if (!current.length) {
      status.textContent = "没有找到包含“" + q + "”的报告。可以换一个词，或少输几个字。";
    } else if (rows.length === current.length) {
      status.textContent = "找到 " + current.length + " 篇报告。";
    } else {
      status.textContent = "找到 " + current.length + " 篇报告，筛选后 " + rows.length + " 篇。";
    }
    showMore();
  }

  function run(q) {
    q = q.trim();
    if (!q) { status.textContent = ""; list.textContent = ""; filters.hidden = true; more.hidden = true; return; }
    status.textContent = "正在搜索……";
    query(q).then(function (results) {
      current = results;
      fill(selects.year, distinct("year").sort().reverse());
      fill(selects.region, distinct("region"));
      fill(selects.agency, distinct("agency"));
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
  more.addEventListener("click", showMore);
  var initial = new URL(window.location.href).searchParams.get("q");
  if (initial) { input.value = initial; run(initial); }
})();
