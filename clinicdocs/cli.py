"""The command line: parse arguments, run a build, print what happened, map errors to exit codes."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .build import BuildOptions, BuildReport, build
from .errors import BuildError, display_path
from .plan import ALL_VARIANTS, parse_only

DESCRIPTION = """Build branded PDF handouts and an EPUB guide from clinic Markdown.

With no arguments, builds every document in source/ for every clinic brand in
layouts/brands/, into build/<brand>/: <document>-<variant>-<paper>.pdf and <document>.epub."""


def make_parser() -> argparse.ArgumentParser:
    """Return the argument parser."""
    parser = argparse.ArgumentParser(prog="make_docs.py", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, default=Path("source"), help="a Markdown file or a folder of them (default: source/)")
    parser.add_argument("--brand", action="append", default=[], metavar="NAME_OR_PATH", help="build for this brand only: an id under layouts/brands/ or a brand folder; repeatable (default: every brand)")
    parser.add_argument("--layouts", type=Path, default=Path("layouts"), help="templates, stylesheets and brands (default: layouts/)")
    parser.add_argument("--out", type=Path, default=Path("build"), help="output folder (default: build/)")
    parser.add_argument("--only", metavar="VARIANTS", help=f"comma-separated subset of: {', '.join(ALL_VARIANTS)}")
    parser.add_argument("--force", action="store_true", help="rebuild every output even if its inputs are unchanged")
    verbosity = parser.add_mutually_exclusive_group()
    verbosity.add_argument("-v", "--verbose", action="store_true", help="print more detail")
    verbosity.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    args = make_parser().parse_args(argv)
    logging.basicConfig(format="%(message)s", level=logging.DEBUG if args.verbose else logging.WARNING if args.quiet else logging.INFO)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    try:
        options = BuildOptions(
            source=args.source, layouts=args.layouts, out=args.out, brands=tuple(args.brand),
            only=parse_only(args.only), force=args.force,
        )
        report = build(options)
    except BuildError as error:
        print(f"error: {error}" if error.path is None else str(error), file=sys.stderr)
        return 1
    print_report(report, quiet=args.quiet)
    return 0


def print_report(report: BuildReport, quiet: bool) -> None:
    """Print one line per output written, the skipped count and the total time."""
    if quiet:
        return
    for target, detail in report.written:
        print(f"wrote {display_path(target.path)}  ({detail})")
    if report.skipped:
        print(f"skipped {len(report.skipped)} unchanged output(s); --force rebuilds them")
    print(f"done: {len(report.written)} written, {len(report.skipped)} skipped in {report.seconds:.2f} s")
