"""Building a site for tests and reading it back as a reader's browser would."""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
import threading
from html.parser import HTMLParser
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.serve import StaticHandler

from conftest import ROOT

BASE_URL = "https://example.org/archive/"
BASE_PATH = "/archive/"


def build(content: Path, out: Path, base_url: str = BASE_URL) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", "--content", str(content), "--out", str(out),
         "--base-url", base_url],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )


def clone_entry(content: Path, region: str, agency: str, requests: int) -> Path:
    """阳江市人民政府's 2019 entry (of the real archive) written into `content` as another
    agency's, with another 本年新收申请: peers for the bundled reports, which hold no two
    agencies of one kind in one year."""
    source = ROOT / "content" / "广东省阳江市" / "阳江市人民政府"
    folder = content / region / agency
    folder.mkdir(parents=True)
    shutil.copy(source / "2019.raw.txt", folder / "2019.raw.txt")
    text = (source / "2019.md").read_text(encoding="utf-8")
    text = text.replace("agency: 阳江市人民政府", f"agency: {agency}", 1)
    text = text.replace("region: 广东省阳江市", f"region: {region}", 1)
    old = "figures: {proactive_total: 33798, requests_new: 104,"
    assert old in text
    (folder / "2019.md").write_text(text.replace(old, old.replace("104", str(requests)), 1), encoding="utf-8")
    return folder / "2019.md"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class Links(HTMLParser):
    """Every link, resource and id of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in ("href", "src") and value is not None:
                self.links.append((tag, name, value))


def parse_links(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


def site_file(site: Path, url_path: str) -> Path | None:
    """The file a site-absolute path (under BASE_PATH) is served from, if it exists."""
    if not url_path.startswith(BASE_PATH):
        return None
    relative = unquote(url_path[len(BASE_PATH):])
    target = site / relative
    if relative == "" or relative.endswith("/"):
        target = target / "index.html"
    return target if target.is_file() else None


class SubpathServer:
    """Serves a built site at http://127.0.0.1:PORT/archive/, as GitHub Pages serves a
    project site; the 404 page answers any missing path."""

    def __init__(self, site: Path) -> None:
        root = site.parent / "_served"
        root.mkdir(exist_ok=True)
        link = root / BASE_PATH.strip("/")
        if not link.exists():
            link.symlink_to(site.resolve(), target_is_directory=True)

        class Handler(StaticHandler):
            def log_message(self, *args) -> None:
                pass

            def send_error(self, code, message=None, explain=None):  # the site's own 404 page
                if code == 404 and (site / "404.html").exists():
                    body = (site / "404.html").read_bytes()
                    self.send_response(404)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                super().send_error(code, message, explain)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, dest: str) -> str:
        return f"{self.origin}{BASE_PATH}{dest}"

    def __enter__(self) -> SubpathServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def is_internal(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc
