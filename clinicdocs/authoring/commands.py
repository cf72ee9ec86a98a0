"""The library and programme commands: list the clinic's exercises, print a patient's programme from a plan."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..brands.schema import PAPERS, find_brands, load_brand, resolve_brand_arg
from ..errors import BuildError, display_path
from .library import format_library, load_library, search
from .plan import read_plan
from .programme import check_folder, language_warnings, output_paths, plan_language, render_programme, write_private


def run_library(args: argparse.Namespace) -> int:
    """Print the exercises of every handout (those whose name holds every word given)."""
    library = load_library(args.source)
    print(format_library(search(library, args.words)))
    return 0


def run_programme(args: argparse.Namespace) -> int:
    """Read a plan, render its card and large print in memory, then write both beside the plan (or in --to).

    Everything is checked and rendered before anything is written; nothing is logged or cached.
    """
    if len(args.words) != 1:
        raise BuildError("programme: name one plan file, such as: make_docs.py programme plans/today.toml --brand my-clinic")
    plan_path = Path(args.words[0])
    folder = args.to or plan_path.parent
    check_folder(folder, args.out)
    brands = [resolve_brand_arg(name, args.layouts / "brands") for name in args.brand] or find_brands(args.layouts / "brands")
    if len(brands) != 1:
        raise BuildError("programme: choose the clinic with --brand NAME (a programme is printed for one clinic)")
    brand = load_brand(brands[0])
    paper = args.paper or brand.papers[0]
    if paper not in PAPERS:
        raise BuildError(f"--paper: choose one of {', '.join(PAPERS)} (got {paper})")
    plan = read_plan(plan_path, load_library(args.source))
    for warning in language_warnings(plan, plan_language(plan, brand)):
        print(warning, file=sys.stderr)
    sheets: list[str] = []
    rendered = render_programme(plan, brand, args.layouts, paper, warnings=sheets)
    for warning in sheets:
        print(warning, file=sys.stderr)
    paths = output_paths(plan, folder, paper)
    for variant, data in rendered.items():
        write_private(paths[variant], data)
        if not args.quiet:
            print(f"wrote {display_path(paths[variant])}")
    return 0
