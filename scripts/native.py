"""Compile the extractor's rule modules with mypyc, or tell whether the compiled ones are current.

    .venv/bin/python scripts/native.py build
    .venv/bin/python scripts/native.py status
"""
from __future__ import annotations

import sys

from kg.native import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
