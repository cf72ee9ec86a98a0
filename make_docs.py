#!/usr/bin/env python3
"""Build the clinic handouts and EPUB guides: see `python make_docs.py --help`."""

from clinicdocs.cli import run

if __name__ == "__main__":
    run()
