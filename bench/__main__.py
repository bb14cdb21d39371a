"""Run the benchmarks and print figures next to the reference measured in the same run."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument(
        "which",
        nargs="*",
        default=["check", "build", "search", "weight", "preview"],
        choices=["check", "build", "search", "weight", "preview"],
    )
    parser.add_argument("--sizes", default="", help="comma-separated sheet counts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="carnet-bench-") as tmp:
        # Builds made in this process keep their cache there, never in the checkout's .cache/.
        os.environ.setdefault("CARNET_CACHE", str(Path(tmp) / "cache"))
        for which in args.which:
            if which == "check":
                from bench.check import report

                sizes = tuple(int(s) for s in args.sizes.split(",") if s) or (1000, 10000)
            elif which == "build":
                from bench.build import report

                sizes = tuple(int(s) for s in args.sizes.split(",") if s) or (1000, 4000)
            elif which == "search":
                from bench.search import report

                sizes = tuple(int(s) for s in args.sizes.split(",") if s) or (10000,)
            elif which == "preview":
                from bench.preview import report

                sizes = tuple(int(s) for s in args.sizes.split(",") if s) or (1000, 10000)
            else:
                from bench.weight import report

                sizes = ()
            print("\n".join(report(Path(tmp), sizes)), flush=True)


main()
