"""Property tests: whatever bytes arrive, import writes an entry or says why in one
`path:line: sentence` and exits 1 (never a traceback, never a half-written file), and
check and build agree on whatever import wrote or a stranger edited.

The runs are bounded (a few thousand cases in all, well under a minute here); an example
hypothesis finds is kept below as a regular test.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.build import BuildFailed, build_site
from generator.check import check_archive
from generator.cli import main

from conftest import ROOT

RAW_SOURCES = sorted((ROOT / "content").rglob("*.raw.*"))
_RAW = [path.read_bytes() for path in RAW_SOURCES]
_PROBLEM = re.compile(r"^.+:\d+: \S.*$")
# CI runs the same cases every time (derandomized); PROPERTY_SCALE=10 runs ten times as
# many fresh random ones, for a deeper search before a release.
SCALE = int(os.environ.get("PROPERTY_SCALE", "1"))
_FAST = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=SCALE == 1, database=None)


def _run(*argv: str) -> tuple[int, str, str]:
    """The command line in this process (a subprocess per case would be 100 times slower);
    an exception escaping main() is the traceback a maintainer would see."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _assert_import_outcome(data: bytes) -> Path | None:
    """Import data; return the entry written, or None after checking the refusal."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "report.txt"
        source.write_bytes(data)
        content = Path(tmp) / "content"
        code, out, err = _run("import", "--content", str(content), str(source))
        written = _files(content) if content.exists() else []
        if code == 0:
            assert len(written) == 2 and written[0].endswith(".md") and written[1].endswith(".raw.txt"), written
            assert (content / written[1]).read_bytes() == data
            problems, count = check_archive(content)
            assert (problems, count) == ([], 1), problems  # what import writes, check accepts
            return None
        assert code == 1
        problems = [line for line in err.splitlines() if _PROBLEM.match(line)]
        assert len(problems) == 1 and problems[0].startswith(f"{source}:"), err
        assert written == [], written  # nothing half-written
        assert not list(Path(tmp).glob(".content-import-*"))  # no staging left behind
        return None


@settings(_FAST, max_examples=2000 * SCALE)
@given(st.binary(max_size=3000))
@example(b"")
@example(b"\xff\xfe\x00")
@example("标题: 2020年度政府信息公开工作年度报告\n==== 正文 ====\n".encode())
def test_random_bytes_are_imported_or_refused_with_a_line(data):
    _assert_import_outcome(data)


@st.composite
def _damaged_reports(draw) -> bytes:
    """A real raw source cut short, with spans deleted, repeated or overwritten."""
    data = bytearray(draw(st.sampled_from(_RAW)))
    start = draw(st.integers(0, len(data) // 2))
    data = data[start:draw(st.integers(start, len(data)))]
    for _ in range(draw(st.integers(0, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["delete", "repeat", "overwrite", "insert"]))
        span = draw(st.integers(1, 200))
        if kind == "delete":
            del data[at:at + span]
        elif kind == "repeat":
            data[at:at] = data[at:at + span]
        elif kind == "overwrite":
            data[at:at + span] = draw(st.binary(min_size=1, max_size=span))
        else:
            data[at:at] = draw(
                st.sampled_from(["年", "2021年", "报告", "|", "\n", "---\n", "\x00", "原文链接: "])
            ).encode()
    return bytes(data)


@settings(_FAST, max_examples=500 * SCALE)
@given(_damaged_reports())
def test_cut_and_damaged_real_reports_are_imported_or_refused_with_a_line(data):
    _assert_import_outcome(data)


_ENTRY = None


def _an_entry() -> str:
    """One entry as import writes it today, from a bundled raw source."""
    global _ENTRY
    if _ENTRY is None:
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "report.txt"
            source.write_bytes(_RAW[0])
            code, _, err = _run("import", "--content", str(Path(tmp) / "content"), str(source))
            assert code == 0, err
            _ENTRY = next((Path(tmp) / "content").rglob("*.md")).read_text(encoding="utf-8")
    return _ENTRY


_VALUES = st.one_of(
    st.sampled_from(["null", "~", "0", "-1", "1e999", "99999999999999999999", "true", "''", "[]", "{}", "&a x",
                     "*a", "!!python/object:os.system", "2020-02-30", "'=HYPERLINK(\"x\")'", "javascript:alert(1)",
                     "'\\u202e'", '"\\x07"', "[1, [2, [3]]]", "{a: 1}", "|\n  block", ">-", "'", '"', "---", "..."]),
    st.text(max_size=30),
)


@st.composite
def _edited_entries(draw) -> str:
    lines = _an_entry().split("\n")
    end = lines.index("---", 1)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(1, end - 1))
        key = lines[at].partition(":")[0]
        kind = draw(st.sampled_from(["value", "line", "delete", "duplicate"]))
        if kind == "value":
            lines[at] = f"{key}: {draw(_VALUES)}"
        elif kind == "line":
            lines[at] = draw(st.text(max_size=40)).replace("\n", " ")
        elif kind == "delete":
            lines[at] = ""
        else:
            lines.insert(at, lines[at])
            end += 1
    return "\n".join(lines)


def _check_and_build(entry_text: str, build: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        source = next(p for p in RAW_SOURCES if p.read_bytes() == _RAW[0])
        entry = content / "甲" / "乙" / "2020.md"
        entry.parent.mkdir(parents=True)
        entry.write_text(entry_text, encoding="utf-8")
        (entry.parent / ("2020" + "".join(source.suffixes))).write_bytes(_RAW[0])
        code, out, err = _run("check", "--content", str(content))
        assert code in (0, 1), err
        if code == 1:
            lines = [line for line in out.splitlines() if line]
            assert lines and all(_PROBLEM.match(line) and line.startswith(f"{entry}:") for line in lines), out
        if build:
            site = Path(tmp) / "site"
            try:
                build_site(content, site, "https://example.org/archive/", jobs=1)
                built = 0
            except BuildFailed as failure:
                built = 1
                assert all(_PROBLEM.match(str(problem)) for problem in failure.problems)
                assert not site.exists()
            assert built == code, (out, err)


@settings(_FAST, max_examples=1000 * SCALE)
@given(_edited_entries())
def test_edited_entries_are_checked_with_a_line(entry_text):
    _check_and_build(entry_text, build=False)


@settings(_FAST, max_examples=40 * SCALE)
@given(_edited_entries())
def test_check_and_build_agree_on_edited_entries(entry_text):
    _check_and_build(entry_text, build=True)
