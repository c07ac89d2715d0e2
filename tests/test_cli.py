"""`python -m generator`: what a maintainer types and reads."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT, seed


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_normalize_prints_the_clean_text():
    result = run("normalize", str(seed("002")))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("阳江市人民政府2019年政府信息公开工作年度报告\n")
    assert "市政府门户网站" in result.stdout and result.stderr == ""


def test_normalize_json_carries_the_facts():
    result = run("normalize", "--json", str(CORPUS[0]))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["encoding"] == "utf-8" and data["script"] == "simplified"
    assert data["facts"]["source_url"].startswith("https://www.pingtan.gov.cn/")
    assert data["text"].startswith("平潭县人民政府2011年政府信息公开工作年度报告")


@pytest.mark.parametrize("args", [["--help"], ["normalize", "--help"]])
def test_help(args):
    result = run(*args)
    assert result.returncode == 0 and "usage: python -m generator" in result.stdout


def test_version():
    assert run("--version").stdout.startswith("python -m generator 0.")


def _bad(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("empty.txt", b"", "empty.txt:1: the file is empty; expected the text of a report."),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.txt:3: this is a binary file, not text"),
        ("mojibake.txt", bytes(range(0x80, 0x100)) * 8, "mojibake.txt:1: cannot read the text"),
        (
            "poem.txt",
            "床前明月光，疑是地上霜。举头望明月，低头思故乡。\n".encode() * 20,
            "poem.txt:1: this does not look like a government information-disclosure report",
        ),
        ("readme.txt", b"This is an English README, not a report.\n" * 50, "readme.txt:1: this does not look like"),
    ],
)
def test_bad_input_gets_one_sentence_and_exit_1(tmp_path, name, data, expected):
    path = _bad(tmp_path, name, data)
    result = run("normalize", str(path))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"{tmp_path}/{expected}")
    assert result.stderr.count("\n") == 1


def test_fifty_megabyte_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "dump.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    result = run("normalize", str(path))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"{path}:1: the file is 50.0 MB, larger than any report (the limit is 16 MB); is it the right file?\n"
    )


def test_missing_file_and_directory(tmp_path):
    missing = run("normalize", str(tmp_path / "nope.txt"))
    assert (missing.returncode, missing.stderr) == (1, f"{tmp_path}/nope.txt:1: no such file.\n")
    directory = run("normalize", str(tmp_path))
    assert directory.returncode == 1 and directory.stderr.startswith(f"{tmp_path}:1: is not a file")


def test_summary_shows_what_the_archive_will_say_about_changed_entries(tmp_path):
    """The pull-request workflow puts this in the job summary for reviewers."""
    import shutil

    from generator.summary import summarize

    from conftest import ROOT

    source = ROOT / "content" / "广东省阳江市" / "阳江市人民政府" / "2019.md"
    entry = tmp_path / "2019.md"
    shutil.copy(source, entry)
    text = entry.read_text(encoding="utf-8")
    text = text.replace("{id: T3-A, where: t3.natural_person, result: holds, left: 91, right: 91}",
                        "{id: T3-A, where: t3.natural_person, result: fails, left: 91, right: 90}", 1)
    entry.write_text(text.replace("agency: 阳江市人民政府", "agency: 阳江市<script>人民政府", 1), encoding="utf-8")
    out = summarize([entry, tmp_path / "gone.md"])
    assert "| 阳江市\\<script\\>人民政府 | 广东省阳江市 | 2019 | 2019年格式（试行） |" in out
    assert "| 本年新收申请 | 104 |" in out and "| 行政复议 | 23 |" in out
    assert "40 of 41 hold; **1 fail**:" in out and "- T3-A t3.natural\\_person: 91 ≠ 90" in out
    assert "已删除 (removed)." in out
    assert "<script>" not in out


def test_problems_cross_process_boundaries_whole():
    """Parallel builds send problems from worker processes to the main one."""
    import pickle

    from generator.errors import SourceError

    problem = pickle.loads(pickle.dumps(SourceError("content/a/b/2019.md", "year must be a number", 4)))
    assert str(problem) == "content/a/b/2019.md:4: year must be a number"


def test_build_timings_name_each_stage_and_add_up_to_the_build(tmp_path):
    """`build --timings`: where a build's time goes, stage by stage, in order."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "archive", content)
    started = time.perf_counter()
    result = run("build", "--content", str(content), "--out", str(tmp_path / "site"), "--timings")
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()[1:]
    stages = [line.split(" s  ", 1) for line in lines if " s  " in line]
    assert [name for _, name in stages][:3] == [
        "gather: list entries, open the cache",
        "read, check and render reports (process pool), write their pages",
        "catalog",
    ]
    assert any(name.startswith("search index") for _, name in stages)
    assert 0 < sum(float(seconds) for seconds, _ in stages) < elapsed
