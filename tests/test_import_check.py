"""`import` and `check` on a throwaway archive: what a maintainer does and reads."""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.archive import entry_stem

from conftest import CORPUS, ROOT, SEEDS, seed

REPORT = CORPUS[0].with_name("012.txt")
ENTRY = "福建省平潭综合实验区/平潭综合实验区管理委员会/2025"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture()
def archive(tmp_path) -> Path:
    content = tmp_path / "content"
    result = run("import", "--content", str(content), str(REPORT), str(seed("002")), str(seed("004")))
    assert result.returncode == 0, result.stderr
    return content


def test_import_writes_the_entry_and_the_raw_source_byte_for_byte(archive):
    entry = archive / f"{ENTRY}.md"
    raw = archive / f"{ENTRY}.raw.txt"
    assert raw.read_bytes() == REPORT.read_bytes()
    text = entry.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: 平潭综合实验区2025年度政府信息公开工作年度报告\n")
    assert "\n## 一、总体情况\n" in text
    assert (archive / "地区不详" / "市国土资源局").is_dir()


def test_check_passes_on_a_fresh_import(archive):
    result = run("check", "--content", str(archive))
    assert (result.returncode, result.stdout) == (0, "checked 3 entries: all well.\n")


def test_existing_entry_is_not_overwritten_without_force(archive):
    entry = archive / f"{ENTRY}.md"
    before = entry.read_bytes()
    result = run("import", "--content", str(archive), str(REPORT))
    assert result.returncode == 1
    assert (f"{REPORT}:1: this file is already in the archive as {entry}; use --force to import it again."
            in result.stderr)
    assert entry.read_bytes() == before
    forced = run("import", "--force", "--content", str(archive), str(REPORT))
    assert forced.returncode == 0 and entry.read_bytes() == before  # same input, same entry


def test_second_entry_for_the_same_agency_and_year_is_refused(archive, tmp_path):
    other = tmp_path / "copy.txt"
    other.write_bytes(REPORT.read_bytes() + "\n".encode())  # another copy of the same report
    result = run("import", "--content", str(archive), str(other))
    assert result.returncode == 1
    assert f"an entry already exists at {archive / (ENTRY + '.md')}; use --force to replace it." in result.stderr


def test_two_raw_files_of_one_report_in_one_import(tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_bytes(REPORT.read_bytes())
    second.write_bytes(REPORT.read_bytes().replace("微信 微博".encode(), "微信  微博".encode()))
    result = run("import", "--content", str(tmp_path / "content"), str(first), str(second))
    assert result.returncode == 1
    assert f"{second}:1: this is the same report as {first}" in result.stderr


def test_dry_run_json_writes_nothing(tmp_path):
    content = tmp_path / "content"
    one = run("import", "--dry-run", "--json", "--content", str(content), str(REPORT))
    assert one.returncode == 0 and not content.exists()
    front = json.loads(one.stdout)
    assert front["agency"] == "平潭综合实验区管理委员会" and front["figures"]["requests_new"] == 154
    several = json.loads(run("import", "--dry-run", "--json", "--content", str(content), *map(str, SEEDS)).stdout)
    assert [f["year"] for f in several] == [2019, 2023, 2019, 2017, None]


def test_agency_names_cannot_escape_the_content_folder(tmp_path):
    raw = REPORT.read_text(encoding="utf-8").replace(
        "标题: 平潭综合实验区2025年度", "标题: ../../evil\x07/..2025年度", 1
    )
    source = tmp_path / "evil.txt"
    source.write_text(raw, encoding="utf-8")
    content = tmp_path / "content"
    result = run("import", "--content", str(content), str(source))
    assert result.returncode == 0, result.stderr
    (written,) = tmp_path.rglob("*.md")
    assert written.is_relative_to(content) and "evil" not in written.as_posix()  # not a name at all
    # and a hostile name that reaches the path (edited front matter) is made one safe component
    assert entry_stem("../..", "../../evil\x07/..", 2025, "0" * 64) == "地区不详/evil/2025"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("床前明月光，疑是地上霜。举头望明月，低头思故乡。\n" * 20,
         "this does not look like a government information-disclosure report"),
        ("关于政府信息公开的说明\n"
         + "这是一段没有任何结构的文字，只是提到了信息公开这个词语而已，并没有报告应有的内容。\n" * 5,
         "no recognizable report structure"),
    ],
)
def test_not_a_report(tmp_path, data, message):
    source = tmp_path / "note.txt"
    source.write_text(data, encoding="utf-8")
    result = run("import", "--content", str(tmp_path / "content"), str(source))
    assert result.returncode == 1 and message in result.stderr
    assert result.stderr.startswith(f"{source}:1: ")
    assert not (tmp_path / "content").exists()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if text in line)


def test_check_reports_broken_yaml_with_its_line(archive):
    entry = archive / f"{ENTRY}.md"
    _edit(entry, "region: 福建省平潭综合实验区", "region: [福建省")
    result = run("check", "--content", str(archive))
    assert result.returncode == 1
    line = _line_of(entry, "region: [")
    assert result.stdout.startswith(f"{entry}:")
    reported = int(result.stdout.split(":")[1])
    assert line <= reported <= line + 1 and "not valid YAML" in result.stdout


@pytest.mark.parametrize(
    ("old", "new", "key", "message"),
    [
        ("year: 2025", "year: 2031", "year:", "year must be between 2008 and"),
        ("year: 2025", "year: '2025'", "year:", "'year' must be int or null, got str '2025'"),
        ("script: simplified", "script: simplified\nmood: happy", "mood:", "unknown key 'mood'"),
        ("format: table-2021", "format: table-2020", "format:", "format must be one of"),
        ("new_received: {natural_person: 151", "new_received: {natural_person: 152", "checks:",
         "checks do not match the tables"),
        ("figures: {requests_new: 154", "figures: {requests_new: -1", "requests_new",
         "a figure must be a whole number"),
    ],
)
def test_check_reports_each_problem_at_its_line(archive, old, new, key, message):
    entry = archive / f"{ENTRY}.md"
    _edit(entry, old, new)
    result = run("check", "--content", str(archive))
    assert result.returncode == 1
    line = _line_of(entry, key)
    assert f"{entry}:{line}: " in result.stdout and message in result.stdout, result.stdout
    assert result.stderr.startswith("check failed: ")


def test_check_finds_a_changed_raw_source_and_a_misplaced_entry(archive):
    raw = archive / f"{ENTRY}.raw.txt"
    raw.write_bytes(raw.read_bytes() + b" ")
    entry = archive / f"{ENTRY}.md"
    _edit(entry, "agency: 平潭综合实验区管理委员会", "agency: 平潭综合实验区管委会办公室")
    result = run("check", "--content", str(archive))
    assert "source_sha256 does not match 2025.raw.txt" in result.stdout
    assert f"{entry}:{_line_of(entry, 'agency:')}: the entry's facts place it at" in result.stdout


def test_check_finds_duplicates_and_missing_raw_sources(archive):
    entry = archive / f"{ENTRY}.md"
    twin = archive / "福建省平潭综合实验区" / "平潭综合实验区管理委员会" / "copy" / "2025.md"
    twin.parent.mkdir()
    shutil.copy(entry, twin)
    result = run("check", "--content", str(archive))
    assert f"平潭综合实验区管理委员会 2025 has a second entry: {twin}" in result.stdout
    assert f"{twin}:1: the raw source is missing" in result.stdout


def _utc_today() -> datetime.date:
    return datetime.datetime.now(datetime.timezone.utc).date()


def _front_line(path: Path, key: str) -> tuple[int, str]:
    """(line number, text) of a front matter key's line."""
    return next((i, line) for i, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1)
                if line.startswith(f"{key}:"))


def test_import_writes_the_day_it_runs_as_retrieved_right_after_published(tmp_path):
    content = tmp_path / "content"
    before = _utc_today()
    result = run("import", "--content", str(content), str(REPORT))
    after = _utc_today()  # an import that runs over midnight (UTC) may write either day
    assert result.returncode == 0, result.stderr
    entry = content / f"{ENTRY}.md"
    line, text = _front_line(entry, "retrieved")
    assert text in {f"retrieved: '{before}'", f"retrieved: '{after}'"}
    assert _front_line(entry, "published") == (line - 1, "published: '2026-03-10'")
    assert run("check", "--content", str(content)).returncode == 0


def test_import_writes_the_day_given_with_retrieved(tmp_path):
    content = tmp_path / "content"
    result = run("import", "--retrieved", "2019-05-04", "--content", str(content), str(REPORT), str(seed("002")))
    assert result.returncode == 0, result.stderr
    entries = sorted(content.rglob("*.md"))
    assert len(entries) == 2
    assert all(_front_line(entry, "retrieved")[1] == "retrieved: '2019-05-04'" for entry in entries)
    assert run("check", "--content", str(content)).returncode == 0
    shown = run("import", "--dry-run", "--json", "--retrieved", "2010-01-31", "--content", str(content),
                "--force", str(REPORT))
    assert json.loads(shown.stdout)["retrieved"] == "2010-01-31"
    assert _front_line(content / f"{ENTRY}.md", "retrieved")[1] == "retrieved: '2019-05-04'"  # a dry run


def test_importing_the_same_raw_source_again_keeps_the_day_it_was_retrieved(tmp_path):
    """--force after the parser improved: the same bytes were retrieved when first saved."""
    content = tmp_path / "content"
    assert run("import", "--retrieved", "2019-05-04", "--content", str(content), str(REPORT)).returncode == 0
    again = run("import", "--force", "--content", str(content), str(REPORT))
    assert again.returncode == 0, again.stderr
    assert _front_line(content / f"{ENTRY}.md", "retrieved")[1] == "retrieved: '2019-05-04'"
    given = run("import", "--force", "--retrieved", "2020-01-02", "--content", str(content), str(REPORT))
    assert given.returncode == 0, given.stderr
    assert _front_line(content / f"{ENTRY}.md", "retrieved")[1] == "retrieved: '2020-01-02'"
    assert run("check", "--content", str(content)).returncode == 0


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("yesterday", "import: --retrieved must be the day the raw source was saved into the archive, written "
                      "YYYY-MM-DD (such as 2024-03-15), got 'yesterday'; nothing was imported."),
        ("2026-13-01", "import: --retrieved must be a real calendar day, written YYYY-MM-DD, got '2026-13-01' "
                       "(month must be in 1..12); nothing was imported."),
        ("2007-12-31", "import: --retrieved is 2007-12-31, before 2008-01-01; the annual reports began with the "
                       "2008 regulation, so no raw source can have been saved earlier; nothing was imported."),
        ("3000-01-01", "import: --retrieved is 3000-01-01, after today ("),
    ],
)
def test_import_refuses_a_wrong_retrieved_and_writes_nothing(tmp_path, given, message):
    content = tmp_path / "content"
    result = run("import", "--retrieved", given, "--content", str(content), str(REPORT))
    assert result.returncode == 1
    assert result.stderr.startswith(message), result.stderr
    assert not content.exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("yesterday", "retrieved must be the day the raw source was saved into the archive, written YYYY-MM-DD "
                      "(such as 2024-03-15), got 'yesterday'"),
        ("'2026-13-01'", "retrieved must be a real calendar day, written YYYY-MM-DD, got '2026-13-01' "
                         "(month must be in 1..12)"),
        ("'2025-02-29'", "retrieved must be a real calendar day, written YYYY-MM-DD, got '2025-02-29' "
                         "(day is out of range for month)"),
        ("'3000-01-01'", "retrieved is 3000-01-01, after today ("),
        ("3000-01-01", "retrieved is 3000-01-01, after today ("),  # a YAML date, as published may be written
        ("'2007-12-31'", "retrieved is 2007-12-31, before 2008-01-01; the annual reports began with the 2008 "
                         "regulation, so no raw source can have been saved earlier"),
        ("null", "retrieved must be the day the raw source was saved into the archive, written YYYY-MM-DD "
                 "(such as 2024-03-15), got nothing (null)"),
        ("20240504", "retrieved must be the day the raw source was saved into the archive, written YYYY-MM-DD "
                     "(such as 2024-03-15), got 20240504"),
        ("2024-05-04 10:00:00", "retrieved must be a day written YYYY-MM-DD, without a time of day, "
                                "got 2024-05-04 10:00:00"),
    ],
)
def test_check_reports_a_wrong_retrieved_at_its_line(archive, value, message):
    entry = archive / f"{ENTRY}.md"
    line, text = _front_line(entry, "retrieved")
    _edit(entry, text, f"retrieved: {value}")
    result = run("check", "--content", str(archive))
    assert result.returncode == 1
    problems = [p for p in result.stdout.splitlines() if p.startswith(f"{entry}:")]
    assert len(problems) == 1 and problems[0].startswith(f"{entry}:{line}: {message}"), result.stdout
    if "after today" in message:
        assert problems[0].endswith(", UTC); it must be the day the raw source was saved into the archive, "
                                    "which cannot be in the future")
    assert result.stderr.startswith("check failed: 1 problems in 3 entries.")


def test_check_takes_retrieved_written_as_a_yaml_date(archive):
    from generator.entry_file import parse_entry
    from generator.model import front_matter, validate

    entry = archive / f"{ENTRY}.md"
    _edit(entry, _front_line(entry, "retrieved")[1], "retrieved: 2024-05-04")
    assert run("check", "--content", str(archive)).returncode == 0
    front = parse_entry(entry.read_text(encoding="utf-8"), str(entry)).front
    assert front["retrieved"] == datetime.date(2024, 5, 4) and validate(front, 2027) == []
    assert front_matter(front).facts.retrieved == "2024-05-04"  # normalised to the string, as published is


def test_check_judges_retrieved_against_the_day_it_is_given():
    from generator.model import retrieved_problem

    day = datetime.date(2020, 6, 1)
    assert retrieved_problem("2020-06-01", day) is None
    assert retrieved_problem("2008-01-01", day) is None
    assert retrieved_problem("2020-06-02", day) == (
        "retrieved is 2020-06-02, after today (2020-06-01, UTC); it must be the day the raw source was saved "
        "into the archive, which cannot be in the future"
    )
    assert retrieved_problem("２０２０-０１-０１", day).startswith("retrieved must be the day")  # ASCII digits only


@pytest.mark.parametrize(
    ("old", "new", "key", "message"),
    [
        ("year: 2025", "year: '2025'", "year", "'year' must be int or null"),  # a wrong type: the rest waits
        ("year: 2025", "year: 2031", "year", "year must be between 2008 and"),
        ("figures: {requests_new: 154", "figures: {requests_new: -1", "figures", "a figure must be a whole number"),
    ],
)
def test_a_wrong_retrieved_hides_no_other_problem(archive, old, new, key, message):
    entry = archive / f"{ENTRY}.md"
    line, text = _front_line(entry, "retrieved")
    _edit(entry, text, "retrieved: '3000-01-01'")
    _edit(entry, old, new)
    result = run("check", "--content", str(archive))
    problems = result.stdout.splitlines()  # in the order of their lines
    assert len(problems) == 2, result.stdout
    assert any(p.startswith(f"{entry}:{_front_line(entry, key)[0]}: {message}") for p in problems), result.stdout
    assert any(p.startswith(f"{entry}:{line}: retrieved is 3000-01-01, after today (") for p in problems)


def test_an_entry_without_retrieved_is_refused(archive):
    entry = archive / f"{ENTRY}.md"
    _edit(entry, _front_line(entry, "retrieved")[1] + "\n", "")
    result = run("check", "--content", str(archive))
    assert result.returncode == 1
    assert result.stdout == (
        f"{entry}:1: required key 'retrieved' is missing; add it after published as retrieved: 'YYYY-MM-DD', "
        "the day the raw source was saved into the archive (docs/front-matter.md)\n"
    )


def test_the_bundled_archive_passes_check():
    result = run("check")
    assert result.returncode == 0, result.stdout
    assert result.stdout == "checked 16 entries: all well.\n"


def test_progress_is_reported_for_many_files(tmp_path):
    """In a log (no terminal), a line every tenth of the way."""
    result = run("import", "--dry-run", "--content", str(tmp_path / "content"), *map(str, SEEDS + CORPUS))
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("importing: ")]
    assert lines[-1] == f"importing: {len(SEEDS + CORPUS)}/{len(SEEDS + CORPUS)}"
    assert 5 <= len(lines) <= 11


def test_entries_read_back_exactly_as_written():
    from generator.entry_file import render_entry
    from generator.load import iter_entries

    entries = list(iter_entries(ROOT / "content"))
    assert len(entries) == 16
    for path, entry in entries:
        assert render_entry(entry.front, entry.body) == path.read_text(encoding="utf-8"), path


def test_a_parallel_import_writes_the_same_archive(tmp_path, monkeypatch):
    """Worker processes prepare the reports and stage their files; the archive must be
    byte for byte the one a single process writes, and nothing may be left behind."""
    from generator import importer

    from site_helpers import tree

    monkeypatch.setattr(importer, "PARALLEL_FROM", 1)
    one, _ = importer.import_reports(CORPUS, tmp_path / "one", force=False, dry_run=False, jobs=1)
    two, _ = importer.import_reports(CORPUS, tmp_path / "two", force=False, dry_run=False, jobs=2)
    assert len(one) == len(two) == len(CORPUS)
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one", "two"]  # no staging folder left
    again, errors = importer.import_reports(CORPUS, tmp_path / "two", force=False, dry_run=False, jobs=2)
    assert again == [] and len(errors) == len(CORPUS)  # never overwritten without --force
