"""The command line: parse arguments, run a build, check or watch, print what happened, map errors to exit codes."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .errors import BuildError, ErrorGroup, OutputsFailed, display_path
from .planning.request import ALL_VARIANTS, PDF_VARIANTS, parse_only, parse_shard

if False:  # for type checkers only: importing typing would cost the no-op path 2 ms
    from .building.build import BuildOptions, BuildReport
    from .planning.targets import Target

DESCRIPTION = """Build branded PDF handouts and an EPUB guide from clinic Markdown.

With no arguments, builds every document in source/ for every clinic brand in
layouts/brands/, into build/<brand>/: <document>-<variant>-<paper>.pdf and <document>.epub.
Outputs whose inputs have not changed since the last build are skipped.

  python make_docs.py check     validate everything and report reading grades, writing nothing
  python make_docs.py serve     preview a document's pages in the browser, rebuilt on every save
  python make_docs.py library [WORDS]        list the exercises of every handout, with their ids
  python make_docs.py programme PLAN.toml    print a patient's home programme beside the plan
  python make_docs.py new brand      start a clinic brand (asks for what the flags leave out)
  python make_docs.py new handout    start a handout that shows every convention"""


class HelpLayout(argparse.RawDescriptionHelpFormatter):
    """argparse's layout at the terminal's width, found without importing shutil (and with it bz2 and lzma).

    argparse makes a formatter for every argument added, and by default each asks shutil for the width:
    importing it was a tenth of a no-op build.
    """

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=terminal_columns() - 2)


def terminal_columns() -> int:
    """Return the terminal's width as shutil.get_terminal_size would: $COLUMNS, then the terminal, then 80."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
        if columns > 0:
            return columns
    except ValueError:
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80


def make_parser() -> argparse.ArgumentParser:
    """Return the argument parser."""
    parser = argparse.ArgumentParser(prog="make_docs.py", description=DESCRIPTION, formatter_class=HelpLayout)
    parser.add_argument("command", nargs="?", choices=["build", "check", "serve", "library", "programme"], default="build", help="build (default), check, serve, library or programme")
    parser.add_argument("words", nargs="*", metavar="ARG", help="library: words of an exercise's name to search for; programme: the plan file (PLAN.toml)")
    parser.add_argument("--source", type=Path, default=Path("source"), help="a Markdown file or a folder of them (default: source/)")
    parser.add_argument("--brand", action="append", default=[], metavar="NAME_OR_PATH", help="only this brand: an id under layouts/brands/ or a brand folder; repeatable (default: every brand)")
    parser.add_argument("--layouts", type=Path, default=Path("layouts"), help="templates, stylesheets and brands (default: layouts/)")
    parser.add_argument("--out", type=Path, default=Path("build"), help="output folder (default: build/)")
    parser.add_argument("--only", metavar="VARIANTS", help=f"comma-separated subset of: {', '.join(ALL_VARIANTS)}")
    parser.add_argument("--force", action="store_true", help="rebuild every output even if its inputs are unchanged")
    parser.add_argument("--watch", action="store_true", help="rebuild on every save until Ctrl-C")
    parser.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="render in N worker processes (default: 1)")
    parser.add_argument("--shard", metavar="K/N", help="build only share K of N (1 <= K <= N) of the (document, brand) pairs, for N machines")
    parser.add_argument("--document", metavar="NAME", help="serve: the document to preview (default: the first)")
    parser.add_argument("--variant", default="guide", choices=PDF_VARIANTS, help="serve: the handout to preview (default: guide)")
    parser.add_argument("--paper", help="serve: the paper size to preview (default: the brand's first)")
    parser.add_argument("--port", type=int, default=8000, help="serve: the port on 127.0.0.1 (default: 8000)")
    parser.add_argument("--to", type=Path, metavar="FOLDER", help="programme: the folder to write the PDFs in (default: the plan's folder; never under build/)")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors (build and check), for CI")
    parser.add_argument("--keep-stale", action="store_true", help="keep the outputs of handouts whose source was deleted or renamed (default: remove them)")
    verbosity = parser.add_mutually_exclusive_group()
    verbosity.add_argument("-v", "--verbose", action="store_true", help="print more detail")
    verbosity.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    return parser


GC_THRESHOLD = (10_000, 10, 10)  # the cyclic collector's thresholds while building (see run); bench/raw_renders.py uses them too


def run() -> None:
    """The process's entry point (make_docs.py, the make-docs script): run the command line, then leave at once.

    The cyclic garbage collector runs after every 10,000 new objects instead of 700: a render makes
    millions (WeasyPrint's boxes, pikepdf's instructions), and each full collection walks every live
    one. Measured with `python bench/bench.py --cpu`: 5 % of a cold guide + EPUB build and 4 % of a
    67-page guide; garbage is still collected, in larger batches.
    """
    import gc
    import signal

    gc.set_threshold(*GC_THRESHOLD)
    signal.signal(signal.SIGTERM, interrupt)
    try:
        code = main()
    except KeyboardInterrupt:
        print("interrupted: every output is as it was before or complete; the next build finishes the rest", file=sys.stderr)
        code = 130
    leave(code)


def interrupt(signum: int, frame: object) -> None:
    """End on SIGTERM as on Ctrl-C, so that temporary files are removed and the closing line is printed."""
    raise KeyboardInterrupt


def leave(code: int) -> None:
    """End the process with `code` without the interpreter's teardown of every module and object.

    Measured with `python bench/bench.py --cpu --only cold` on the 2-core development machine: the teardown
    took 87 ms of a 0.81 s cold guide + EPUB build (WeasyPrint's layout, fonts and caches are freed one
    object at a time). Everything a build writes is complete before main() returns (written, closed and
    renamed into place); what the teardown would still do is done here first: the exit handlers
    (logging's flush, worker pools), the temporary font folders WeasyPrint removes when its font
    configuration is collected, and stdout and stderr flushed.
    """
    import atexit

    threading = sys.modules.get("threading")
    others_running = threading is not None and threading.active_count() > 1  # e.g. serve's build thread, still rendering
    if "clinicdocs.rendering.weasyload" in sys.modules and not others_running:
        sys.modules["clinicdocs.rendering.weasyload"].release_font_configurations()
    getattr(atexit, "_run_exitfuncs", lambda: None)()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            code = code or 1  # output that could not be written is a failure, as Python's own exit reports it
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    started = time.perf_counter()
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["new"]:
        return run_new(argv[1:])
    args = make_parser().parse_args(argv)
    if args.verbose:
        import logging  # only -v logs; a quiet no-op build is faster without the logging module

        logging.basicConfig(format="%(message)s", level=logging.DEBUG)
    printer = Printer(quiet=args.quiet, colour=use_colour(sys.stdout))
    try:
        if args.words and args.command not in ("library", "programme"):
            raise BuildError(f"'{args.command}' takes no file or words (got {' '.join(args.words)}); see --help")
        if args.command == "check":
            return run_check_command(args)
        if args.command == "serve":
            return run_serve(args)
        if args.command in ("library", "programme"):
            from .authoring.commands import run_library, run_programme

            return (run_library if args.command == "library" else run_programme)(args)
        if not (args.force or args.watch or args.strict) and (skipped := nothing_to_do(args)) is not None:
            if not args.quiet:
                print(f"skipped {skipped} unchanged output(s); --force rebuilds them")
                print(f"done: 0 written, {skipped} skipped in {time.perf_counter() - started:.2f} s")
            return 0
        from .building.build import BuildOptions, build  # the builder is imported only when there may be work

        options = BuildOptions(
            source=args.source, layouts=args.layouts, out=args.out, brands=tuple(args.brand),
            only=parse_only(args.only), force=args.force, strict=args.strict, jobs=max(1, args.jobs), shard=parse_shard(args.shard),
            keep_stale=args.keep_stale,
        )
        if args.watch:
            return run_watch(options, printer)
        printer.report(build(options, progress=printer.progress if sys.stdout.isatty() else None))
    except OutputsFailed as error:  # the other outputs were written: say which, then what failed
        printer.report(error.report)  # type: ignore[arg-type]
        print_error(error)
        return 1
    except BuildError as error:
        printer.clear()
        print_error(error)
        return 1
    return 0


def run_new(argv: list[str]) -> int:
    """Run `new brand` or `new handout` and say what was written and what to do next."""
    from .authoring.new import make_new_parser, run_new_command

    args = make_new_parser(HelpLayout).parse_args(argv)
    try:
        for line in run_new_command(args, interactive=sys.stdin.isatty()):
            print(line)
    except BuildError as error:
        print_error(error)
        return 1
    return 0


def nothing_to_do(args: argparse.Namespace) -> int | None:
    """Return the number of current outputs when the last build's plan repeats unchanged, else None."""
    from .building.uptodate import skipped_outputs

    only, shard = parse_only(args.only), parse_shard(args.shard)
    return skipped_outputs(args.source, args.layouts, args.out, tuple(args.brand), only, shard)


def run_check_command(args: argparse.Namespace) -> int:
    """Run `check` and print its findings and reading-grade report."""
    from .authoring.check import format_report, run_check
    from .brands.schema import resolve_brand_arg

    # A mistyped argument is the one thing to fix: say it last, with no report after it.
    if not args.source.exists():
        raise BuildError(f"--source: no such file or folder (got '{args.source}'); pass a Markdown file or a folder of them")
    if not args.layouts.is_dir():
        raise BuildError(f"--layouts: no such folder (got '{args.layouts}'); pass the folder holding brands/, pdf/ and epub/")
    for name in args.brand:
        resolve_brand_arg(name, args.layouts / "brands")
    report = run_check(args.source, args.layouts, tuple(args.brand), strict=args.strict)
    if not args.quiet or report.exit_code:
        print(format_report(report))
    return report.exit_code


def run_watch(options: BuildOptions, printer: Printer) -> int:
    """Watch and rebuild until interrupted."""
    from .authoring.watch import watch

    print("watching source/ and layouts/ for changes; Ctrl-C to stop", flush=True)
    try:
        watch(options, printer.report, print_error, mended=lambda: print("fixed: the build works again; every output is up to date", flush=True))
    except KeyboardInterrupt:
        print("stopped watching")
    return 0


def run_serve(args: argparse.Namespace) -> int:
    """Serve the live preview until interrupted."""
    from .building.build import BuildOptions
    from .authoring.choices import choose_target
    from .authoring.serve import serve

    if not 1 <= args.port <= 65535:
        raise BuildError(f"--port: choose a port from 1 to 65535 (got {args.port})")
    options = BuildOptions(source=args.source, layouts=args.layouts, out=args.out, brands=tuple(args.brand), only=parse_only(args.only))
    chosen = choose_target(options, args.document, args.variant, args.paper)
    try:
        serve(options, chosen, args.port)  # every brand chosen: the page switches between them
    except KeyboardInterrupt:
        pass
    print("stopped serving")
    return 0


def print_error(error: BuildError) -> None:
    """Print an error as `file:line: message` lines on stderr."""
    alone = error.path is None and not isinstance(error, ErrorGroup)  # a message without a file says it is an error
    print(f"error: {error}" if alone else str(error), file=sys.stderr, flush=True)


def use_colour(stream: object) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set."""
    return bool(getattr(stream, "isatty", lambda: False)()) and "NO_COLOR" not in os.environ


class Printer:
    """Prints progress and the summary table, in colour only on a terminal."""

    def __init__(self, quiet: bool, colour: bool):
        self.quiet = quiet
        self.colour = colour
        self.progress_width = 0  # length of the progress line on screen, 0 when none is

    def paint(self, text: str, code: str) -> str:
        """Wrap text in an ANSI colour when colour is on."""
        return f"\033[{code}m{text}\033[0m" if self.colour else text

    def progress(self, index: int, total: int, target: Target) -> None:
        """Show which output is rendering now, on one terminal line."""
        if not self.quiet:
            self.clear()
            line = f"[{index}/{total}] rendering {display_path(target.path)}"
            print(line, end="", flush=True)
            self.progress_width = len(line)

    def clear(self) -> None:
        """Wipe the progress line, if one is showing, so the next line starts clean."""
        if self.progress_width:
            print("\r" + " " * self.progress_width + "\r", end="", flush=True)
            self.progress_width = 0

    def report(self, report: BuildReport) -> None:
        """Print one line per output written, then the skipped outputs and the total time."""
        self.clear()
        if self.quiet:
            return
        for warning in [*report.notes, *report.warnings]:
            print(warning, file=sys.stderr, flush=True)
        for output, document in report.removed:
            print(self.paint(f"removed {display_path(output)} (its handout {display_path(document)} is gone; --keep-stale keeps such files)", "33"))
        rows = [(self.paint("wrote", "32"), display_path(t.path), detail) for t, detail in report.written]
        width = max((len(path) for _, path, _ in rows), default=0)
        for status, path, detail in rows:
            print(f"{status} {path.ljust(width)}  ({detail})")
        for target in report.left_out:
            print(self.paint(f"left out {display_path(target.path)} ({report.left_out_why.get(target.path, 'the document sets card: false')})", "2"))
        if report.skipped:
            print(self.paint(f"skipped {len(report.skipped)} unchanged output(s); --force rebuilds them", "2"))
        failed = f", {len(report.failed)} failed (their previous files are kept)" if report.failed else ""
        print(f"done: {len(report.written)} written, {len(report.skipped)} skipped{failed} in {report.seconds:.2f} s", flush=True)
