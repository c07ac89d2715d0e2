"""The one place that turns a page into a URL and a file path.

GitHub Pages serves a project site under /<repo>/, so every internal link carries the
path of --base-url; canonical URLs, the sitemap and the feed use the full base URL.
Paths hold Chinese names: files on disk keep them as they are, links percent-encode them.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlsplit


@dataclass(frozen=True, slots=True)
class Urls:
    base_url: str
    """the site's public address, ending in /: https://example.github.io/archive/"""

    @classmethod
    def from_base(cls, base_url: str) -> Urls:
        base = base_url if base_url.endswith("/") else base_url + "/"
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"--base-url must be an absolute http(s) address such as https://example.org/archive/, got '{base_url}'")
        return cls(base)

    @property
    def base_path(self) -> str:
        """"/archive/" for https://example.org/archive/."""
        return urlsplit(self.base_url).path

    def path(self, dest: str) -> str:
        """Site-absolute link to a page or file given by its output path ("years/2019/")."""
        return self.base_path + quote(dest)

    def absolute(self, dest: str) -> str:
        return self.base_url + quote(dest)


def report_dest(region: str, agency: str, year: str) -> str:
    return f"reports/{region}/{agency}/{year}/"


def agency_dest(region: str, agency: str) -> str:
    return f"agencies/{region}/{agency}/"


def region_dest(region: str) -> str:
    return f"regions/{region}/"


def year_dest(year: int | str) -> str:
    return f"years/{year}/"
