"""`serve`: build, serve on 127.0.0.1, and rebuild when content/ or templates/ change.

For previewing while editing. Changes are reported by the operating system (watchfiles:
inotify, FSEvents, ReadDirectoryChangesW), not found by listing thousands of files. An
edited report's own page is made and put in place first, so the reader sees it within
about a second at any size of archive; the incremental build that follows brings the list
pages, downloads and search index up to date. A failed rebuild prints its problems and
keeps serving the last site.
"""

from __future__ import annotations

import functools
import io
import os
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import watchfiles

from generator.build import BuildFailed, build_site, preview_report
from generator.errors import SourceError
from generator.write import patch

_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


class StaticHandler(SimpleHTTPRequestHandler):
    """Serves the site as static hosts do (GitHub Pages, nginx, S3), including a single byte
    range (`Range: bytes=a-b`): the search index reads one chunk of a larger file that way, and
    a snippet a piece of a report's page."""

    def send_head(self):
        match = _RANGE.fullmatch(self.headers.get("Range", "").strip())
        path = self.translate_path(self.path)
        if self.path.split("?")[0].endswith("/"):
            path = os.path.join(path, "index.html")  # a report's page: snippets read it by ranges
        if not match or not (match[1] or match[2]) or not os.path.isfile(path):
            return super().send_head()
        size = os.path.getsize(path)
        if match[1]:
            start, end = int(match[1]), min(int(match[2]) if match[2] else size - 1, size - 1)
        else:
            start, end = max(0, size - int(match[2])), size - 1
        if start > end:
            self.send_response(416)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        with open(path, "rb") as file:
            file.seek(start)
            body = file.read(end - start + 1)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def _preview(content: Path, out: Path, base_url: str, templates: Path, changed: set[Path], log) -> None:
    """Put the edited reports' pages in place at once (entries, or raw sources beside them)."""
    entries = {path.with_name(path.name.split(".raw.")[0] + ".md") if ".raw." in path.name else path
               for path in changed if path.suffix == ".md" or ".raw." in path.name}
    for entry in sorted(entries):
        if not entry.is_file() or content not in entry.parents:
            continue
        try:
            files = preview_report(content, entry, base_url, templates)
        except (BuildFailed, SourceError, OSError):
            continue  # the rebuild reports what is wrong
        patch(out, files)
        log(f"preview: {files[0][0]}")


def _build(content: Path, out: Path, base_url: str, templates: Path, log) -> None:
    try:
        result = build_site(content, out, base_url, templates, cache=content.resolve().parent / ".cache" / "build")
        log(f"built {result.pages} pages into {out}")
    except BuildFailed as failure:
        for problem in failure.problems:
            log(str(problem))
        log(f"build failed: {len(failure.problems)} problems; still serving the previous site")


def serve(content: Path, out: Path, templates: Path, port: int, log=print, stop: threading.Event | None = None) -> None:
    base_url = f"http://127.0.0.1:{port}/"
    _build(content, out, base_url, templates, log)
    handler = functools.partial(StaticHandler, directory=str(out))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    stop = stop or threading.Event()

    def watch() -> None:
        for changes in watchfiles.watch(content, templates, stop_event=stop, debounce=100, step=20,
                                        yield_on_timeout=False, raise_interrupt=False):
            changed = {Path(path).resolve() for _, path in changes}
            if not any(templates.resolve() in path.parents for path in changed):
                _preview(content.resolve(), out, base_url, templates, changed, log)
            _build(content, out, base_url, templates, log)

    threading.Thread(target=watch, daemon=True).start()
    threading.Thread(target=lambda: (stop.wait(), server.shutdown()), daemon=True).start()
    log(f"serving {out} at {base_url} (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
