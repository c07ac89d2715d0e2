"""Command line: `python -m generator COMMAND`. Thin: parse arguments, call the library,
turn SourceError into `path:line: sentence` on stderr and exit status 1."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from generator import __version__
from generator.errors import SourceError
from generator.load import read_raw_report


def _normalize(args: argparse.Namespace) -> int:
    from generator.normalize import normalize_bytes  # the import command's tables: not loaded for a build

    report = normalize_bytes(read_raw_report(args.file), args.file)
    if args.json:
        json.dump(asdict(report), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(report.text + "\n")
    return 0


class Progress:
    """A bar on a terminal; a line every tenth of the way in a CI log. Quiet below 10 files."""

    def __init__(self, label: str, stream=sys.stderr) -> None:
        self.label, self.stream = label, stream
        self.tty = stream.isatty()
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        if total < 10:
            return
        if self.tty:
            filled = done * 30 // total
            self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
            if done == total:
                self.stream.write("\n")
        elif (tenth := done * 10 // total) != self.shown:
            self.shown = tenth
            self.stream.write(f"{self.label}: {done}/{total}\n")
        self.stream.flush()


def _import(args: argparse.Namespace) -> int:
    from generator.importer import import_reports
    from generator.model import retrieved_problem, today_utc

    if args.retrieved is not None and (problem := retrieved_problem(args.retrieved, today_utc(), "--retrieved")):
        print(f"import: {problem}; nothing was imported.", file=sys.stderr)
        return 1
    done, errors = import_reports(
        args.paths, Path(args.content), force=args.force, dry_run=args.dry_run, progress=Progress("importing"),
        retrieved=args.retrieved,
    )
    for error in errors:
        print(error, file=sys.stderr)
    if args.json:
        fronts = [item.front for item, _ in done]
        payload = fronts[0] if len(fronts) == 1 and len(args.paths) == 1 and Path(args.paths[0]).is_file() else fronts
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        verb = "would write" if args.dry_run else "wrote"
        for item, entry in done:
            print(f"{verb} {entry} from {item.source}")
        print(
            f"{len(done)} entries {'checked' if args.dry_run else 'imported'}, {len(errors)} problems",
            file=sys.stderr,
        )
    return 1 if errors else 0


def _check(args: argparse.Namespace) -> int:
    from generator.check import check_archive

    problems, count = check_archive(Path(args.content), against_import=args.against_import)
    for problem in problems:
        print(problem)
    if problems:
        print(f"check failed: {len(problems)} problems in {count} entries.", file=sys.stderr)
        return 1
    print(f"checked {count} entries: all well.")
    return 0


def _summary(args: argparse.Namespace) -> int:
    from generator.summary import summarize

    paths = [Path(p) for p in args.paths if p.endswith(".md")]
    sys.stdout.write(summarize(paths))
    return 0


PAGES_WARNING = 800_000_000  # bytes: GitHub Pages refuses sites over 1 GB


def _build(args: argparse.Namespace) -> int:
    from generator.build import TEMPLATES, BuildFailed, build_site

    out = Path(args.out)
    try:
        cache = Path(args.content).resolve().parent / ".cache" / "build"
        templates = Path(args.templates) if args.templates else TEMPLATES
        result = build_site(Path(args.content), out, args.base_url, templates, progress=Progress("building"),
                            cache=cache, clean=args.clean)
    except BuildFailed as failure:
        for problem in failure.problems:
            print(problem)
        print(f"Build failed: {len(failure.problems)} errors; {out} was left as it was.", file=sys.stderr)
        return 1
    except (ValueError, RuntimeError) as error:  # a wrong --base-url; a build cache that lost a file
        print(f"build: {error}", file=sys.stderr)
        return 1
    print(f"built {result.pages} pages, {result.files} files, {result.bytes / 1e6:.1f} MB into {out}")
    for stage, seconds in result.timings if args.timings else ():
        print(f"{seconds:8.2f} s  {stage}")
    if result.cached:
        print(f"{result.cached} reports came unchanged from the build cache; build --clean starts afresh")
    if result.index_reused:
        print("search index: unchanged")
    elif result.index_delta is not None:
        print(f"search index: base kept, {result.index_delta} reports added or changed since are in a delta segment")
    if result.unreadable_cache:
        print(f"warning: {result.unreadable_cache} build cache files were damaged or foreign; they were ignored "
              "and those reports rebuilt", file=sys.stderr)
    if result.bytes > PAGES_WARNING:
        print(f"warning: the site is {result.bytes / 1e6:.0f} MB; GitHub Pages publishes at most 1 GB per site "
              "(see README, Publishing, for hosts that take more).", file=sys.stderr)
    return 0


def _serve(args: argparse.Namespace) -> int:
    from generator.build import TEMPLATES
    from generator.serve import serve

    serve(Path(args.content), Path(args.out), TEMPLATES, args.port)
    return 0


def _content_option(command: argparse.ArgumentParser, out: bool = False) -> None:
    command.add_argument("--content", default="content", help="the archive folder (default: content)")
    if out:
        command.add_argument("--out", default="site", help="the output folder (default: site)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Archive of Chinese government information-disclosure annual reports.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    normalize = commands.add_parser(
        "normalize",
        help="print the clean simplified text of one raw report",
        description=(
            "Read one raw report as found on the web (UTF-8, UTF-16, GB18030 or Big5; "
            "traditional or simplified; with pinyin, Taiwan phrases or site junk) and print "
            "its clean simplified text."
        ),
    )
    normalize.add_argument("file", metavar="FILE", help="the raw report (.txt or .html)")
    normalize.add_argument(
        "--json",
        action="store_true",
        help="print the text with what was learned (encoding, script, facts, removals) as JSON",
    )
    normalize.set_defaults(run=_normalize)

    importer = commands.add_parser(
        "import",
        help="turn raw reports into archive entries in content/",
        description=(
            "Normalize and parse raw reports (text, or a saved web page: .txt, .html, .htm; folders are searched) "
            "and write one entry per report: content/<region>/<agency>/<year>.md with the raw source beside it. "
            "Refuses to overwrite an entry or to add a second entry for the same agency and year."
        ),
    )
    importer.add_argument("paths", nargs="+", metavar="PATH", help="raw report files or folders")
    _content_option(importer)
    importer.add_argument("--force", action="store_true", help="replace existing entries")
    importer.add_argument("--dry-run", action="store_true", help="write nothing; say what would be written")
    importer.add_argument(
        "--json", action="store_true", help="print the front matter as JSON (an array for several files)"
    )
    importer.add_argument(
        "--retrieved", metavar="YYYY-MM-DD",
        help="the day the raw sources were saved, written as each entry's retrieved (default: today, UTC)",
    )
    importer.set_defaults(run=_import)

    check = commands.add_parser(
        "check",
        help="validate every entry of the archive",
        description=(
            "Validate every entry (YAML, required and unknown keys, types, years, the raw source, "
            "duplicates, checks recomputed from the tables); print each problem as path:line: sentence."
        ),
    )
    _content_option(check)
    check.add_argument(
        "--against-import", action="store_true",
        help="also import each raw source again (nothing is written) and report every key that differs from the entry",
    )
    check.set_defaults(run=_check)

    summary = commands.add_parser(
        "summary",
        help="print what the archive says about some entries, as Markdown",
        description=(
            "Print each entry's title, agency, region, year, format, headline figures, failing "
            "checks and warnings as Markdown (the pull-request workflow puts it in the job summary). "
            "Paths that are not .md entries are skipped; missing ones are listed as removed."
        ),
    )
    summary.add_argument("paths", nargs="*", metavar="ENTRY", help="entry files (content/.../<year>.md)")
    summary.set_defaults(run=_summary)

    build = commands.add_parser(
        "build",
        help="render the archive into a static site",
        description=(
            "Check the archive, then render every report, agency, region and year page, the "
            "downloads, sitemap and feed into the output folder. The site is built in a temporary "
            "folder and swapped in at the end: a failed build leaves the previous site as it was."
        ),
    )
    _content_option(build, out=True)
    build.add_argument(
        "--base-url", default="http://127.0.0.1:8000/",
        help="the site's public address; links use its path (GitHub Pages: https://USER.github.io/REPO/)",
    )
    build.add_argument(
        "--templates", metavar="DIR",
        help="the templates and static assets to build with (default: the project's templates/)",
    )
    build.add_argument(
        "--clean", action="store_true",
        help="start afresh: empty the build cache (.cache/build beside the content folder) first",
    )
    build.add_argument("--timings", action="store_true", help="print the wall time of each stage of the build")
    build.set_defaults(run=_build)

    serve = commands.add_parser(
        "serve",
        help="build, serve on 127.0.0.1 and rebuild on changes",
        description="Build the site, serve it on 127.0.0.1 and rebuild when content/ or templates/ change.",
    )
    _content_option(serve, out=True)
    serve.add_argument("--port", type=int, default=8000, help="the port (default: 8000)")
    serve.set_defaults(run=_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except SourceError as error:
        print(error, file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 1
