#!/usr/bin/env python3
"""Build the clinic handouts and EPUB guides: see `python make_docs.py --help`."""

import sys

from clinicdocs.cli import main

if __name__ == "__main__":
    sys.exit(main())
