"""Command line: `python -m generator COMMAND`. Thin: parse arguments, call the library,
turn SourceError into `path:line: sentence` on stderr and exit status 1."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict

from generator import __version__
from generator.errors import SourceError
from generator.load import read_raw_report
from generator.normalize import normalize_bytes


def _normalize(args: argparse.Namespace) -> int:
    report = normalize_bytes(read_raw_report(args.file), args.file)
    if args.json:
        json.dump(asdict(report), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(report.text + "\n")
    return 0


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
