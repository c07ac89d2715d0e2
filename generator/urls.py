"""The one place that turns a page into a URL and a file path.

GitHub Pages serves a project site under /<repo>/, so every internal link carries the
path of --base-url; canonical URLs, the sitemap and the feed use the full base URL.
Paths hold Chinese names: files on disk keep them as they are; links in pages write them as
they are too (`link`), the search index, sitemap and feed percent-encode them.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

# What a browser's URL parser drops before it reads a scheme (WHATWG URL standard): C0
# controls and spaces at either end, ASCII tab and newline anywhere.
_ENDS = "".join(map(chr, range(0x21)))
_TAB_NEWLINE = re.compile("[\t\n\r]")
_UNSAFE_INSIDE = re.compile("[\x00-\x20\x7f-\x9f\u2028\u2029\u200b-\u200f\ufeff]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


@dataclass(frozen=True, slots=True)
class Urls:
    base_url: str
    """the site's public address, ending in /: https://example.github.io/archive/"""

    @classmethod
    def from_base(cls, base_url: str) -> Urls:
        base = base_url if base_url.endswith("/") else base_url + "/"
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(
                f"--base-url must be an absolute http(s) address such as https://example.org/archive/, got '{base_url}'"
            )
        return cls(base)

    @property
    def base_path(self) -> str:
        """"/archive/" for https://example.org/archive/."""
        return _base_path(self.base_url)

    def path(self, dest: str) -> str:
        """Site-absolute link to a page or file given by its output path ("years/2019/")."""
        return _base_path(self.base_url) + _quoted(dest)

    def link(self, dest: str) -> str:
        """The same link as written in a page: Chinese characters as they are (an IRI, which
        browsers send percent-encoded), everything else quoted. A character written as
        %E7%A6%8F is nine bytes instead of three: on the 10,000 generated reports, links
        were a fifth of the list pages and 1.2 KB of each report's page."""
        return _base_path(self.base_url) + _linked(dest)

    def absolute(self, dest: str) -> str:
        return self.base_url + _quoted(dest)

    def absolute_link(self, dest: str) -> str:
        """The full address as a reader reads and copies it (a citation): Chinese as it is."""
        return self.base_url + _linked(dest)


# A build links to each of tens of thousands of pages from several places (its list
# pages, the sitemap, the downloads): each address is quoted once.
@functools.cache
def _quoted(dest: str) -> str:
    return quote(dest)


@functools.cache
def _linked(dest: str) -> str:
    return "".join(c if ord(c) > 0x7F and unicodedata.category(c)[0] in "LNP" else quote(c) for c in dest)


@functools.cache
def _base_path(base_url: str) -> str:
    return urlsplit(base_url).path


def web_link(value: object) -> str | None:
    """The address a page may link to, or None when it must be shown as text.

    Report text and front matter come from strangers, and a browser runs
    "javascript:", "data:" and "vbscript:" links. Only http and https are kept, judged as a
    browser reads the address: after character references are decoded (an attribute
    decodes "&#106;avascript:") and after the controls, tabs and newlines browsers drop are
    dropped ("java\tscript:", " JAVASCRIPT:"). A protocol-relative address ("//host/…")
    gets https. The address returned is the cleaned one, so what the page links to is what
    was judged."""
    if not isinstance(value, str) or len(value) > 2000:
        return None
    url = value
    for _ in range(3):  # "&amp;#106;" decodes twice in some pipelines: judge the fixed point
        decoded = html.unescape(url)
        if decoded == url:
            break
        url = decoded
    url = _TAB_NEWLINE.sub("", url.strip(_ENDS))
    if _UNSAFE_INSIDE.search(url):
        return None
    url = url.replace("\\", "/")  # browsers read a backslash as a slash in http(s) addresses
    if url.startswith("//"):
        url = "https:" + url
    scheme = _SCHEME.match(url)
    if not scheme or scheme[1].lower() not in ("http", "https"):
        return None
    url = scheme[1].lower() + url[len(scheme[1]):]
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if not url.startswith(f"{parts.scheme}://") or not parts.hostname:
        return None
    return url


def report_dest(region: str, agency: str, year: str) -> str:
    return f"reports/{region}/{agency}/{year}/"


def agency_dest(region: str, agency: str) -> str:
    return f"agencies/{region}/{agency}/"


def agencies_in_dest(province: str) -> str:
    """The list of a province's agencies: the folder its own agencies' pages are in, where
    the province is also a region (agencies/上海市/上海市教育委员会/ beside
    agencies/上海市/index.html)."""
    return f"agencies/{province}/"


def region_dest(region: str) -> str:
    return f"regions/{region}/"


def year_dest(year: int | str) -> str:
    return f"years/{year}/"
