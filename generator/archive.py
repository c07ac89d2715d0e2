"""Where entries live in content/.

An entry is `content/<region>/<agency>/<year>.md` with its raw source beside it as
`<year>.raw.<ext>`, byte for byte. Region and agency come from untrusted text, so each
path component is cleaned and the result must stay inside content/. (Import writes each
file under a staging name first and renames it into place: nothing is left half-written.)
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from generator.errors import SourceError

UNKNOWN_REGION = "地区不详"
UNKNOWN_AGENCY = "机构不详"
UNKNOWN_YEAR = "年份不详"
RAW_SUFFIXES = (".txt", ".html", ".htm")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")
_MAX_COMPONENT = 60


def safe_component(name: str | None, fallback: str) -> str:
    """A name usable as one path component: no separators, control characters or dots."""
    if not name:
        return fallback
    cleaned = _UNSAFE.sub("", unicodedata.normalize("NFC", name)).strip().strip(".").strip()
    return cleaned[:_MAX_COMPONENT] or fallback


def entry_stem(region: str | None, agency: str | None, year: int | None, sha256: str) -> str:
    """The entry's path below content/ without suffix, POSIX style."""
    year_part = str(year) if year else f"{UNKNOWN_YEAR}-{sha256[:8]}"
    return "/".join((safe_component(region, UNKNOWN_REGION), safe_component(agency, UNKNOWN_AGENCY), year_part))


def raw_suffix(raw_name: str) -> str:
    suffix = Path(raw_name).suffix.lower()
    return suffix if suffix in RAW_SUFFIXES else ".txt"


def entry_paths(content: Path, stem: str, raw_name: str) -> tuple[Path, Path]:
    """(entry .md, raw source) for a stem; refuse anything that would leave content/."""
    root = content.resolve()
    entry = content / f"{stem}.md"
    raw = content / f"{stem}.raw{raw_suffix(raw_name)}"
    for path in (entry, raw):
        if root not in path.resolve().parents:
            raise SourceError(raw_name, f"the entry path '{stem}' would leave the content folder; refusing it.", 1)
    return entry, raw


def raw_beside(entry: Path) -> Path | None:
    """The raw source kept beside an entry, if there is one."""
    for suffix in RAW_SUFFIXES:
        candidate = entry.with_name(f"{entry.stem}.raw{suffix}")
        if candidate.exists():
            return candidate
    return None

