"""`curriculum` (or `.venv/bin/python -m iopcurriculum`): the command line for authors and clinical leads.

Each command is a module in commands/ with `add_parser(subparsers)`, which sets `run`.
A command returns its exit code; curriculum problems print as `path:line: message`, never
as a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from .problems import CurriculumError

COMMANDS = ["check", "release", "compare", "preview"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="curriculum", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="command")
    for name in COMMANDS:
        importlib.import_module(f".commands.{name}", __package__).add_parser(sub)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except CurriculumError as err:
        print(err, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
