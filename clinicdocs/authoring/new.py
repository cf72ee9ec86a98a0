"""`make_docs.py new brand|handout`: the arguments, and the lines saying what was written and what comes next."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import display_path
from .scaffold import FIELDS, new_brand
from .starter import new_handout


def make_new_parser(formatter: type[argparse.HelpFormatter]) -> argparse.ArgumentParser:
    """Return the parser of `make_docs.py new brand|handout`."""
    parser = argparse.ArgumentParser(prog="make_docs.py new", formatter_class=formatter,
                                     description="Start a clinic brand or a handout; never overwrites anything.")
    kinds = parser.add_subparsers(dest="kind", required=True, metavar="brand|handout")
    brand = kinds.add_parser("brand", formatter_class=formatter, help="write layouts/brands/<id>/brand.toml and a wordmark logo",
                             description="Write a clinic brand. Values not given as flags are asked for when the input is a terminal; "
                                         "otherwise the defaults shown are used, and a required value missing is an error.")
    for field in FIELDS:
        brand.add_argument(f"--{field.dest}", help=field.question)
    brand.add_argument("--id", help="the folder's name (default: made from the clinic's name)")
    brand.add_argument("--layouts", type=Path, default=Path("layouts"), help="templates, stylesheets and brands (default: layouts/)")
    handout = kinds.add_parser("handout", formatter_class=formatter, help="write source/<title>.md and its pictures",
                               description="Write a handout that shows every convention and builds as it is.")
    handout.add_argument("--title", default="My first handout", help="the handout's title; its file is named after it (default: My first handout)")
    handout.add_argument("--language", default="en-US", help="the handout's language tag (default: en-US)")
    handout.add_argument("--source", type=Path, default=Path("source"), help="the folder of Markdown files (default: source/)")
    return parser


def run_new_command(args: argparse.Namespace, interactive: bool) -> list[str]:
    """Write what `new brand` or `new handout` asks for; return the lines to print."""
    if args.kind == "brand":
        given = {field.dest: getattr(args, field.dest) for field in FIELDS}
        folder = new_brand(args.layouts / "brands", given, args.id, interactive=interactive)
        return [f"wrote {display_path(folder / 'brand.toml')} and {display_path(folder / 'logo.svg')}",
                f"next: python make_docs.py new handout, then python make_docs.py --brand {folder.name}"]
    written = new_handout(args.source, args.title, args.language)
    return [*(f"wrote {display_path(path)}" for path in written),
            "next: python make_docs.py serve, and edit the handout: the preview follows every save"]
