"""``tox -e soak``: the soak under injected faults, as a command that ends with a table and a verdict.

    python tests/soak/run.py [--faults 1000] [--seed 7] [--mandanten 4] [--kinds a,b,…]
                             [--json PATH] [--state DIR] [--max-days 60] [--budget-seconds 900]

Exit 0 when nothing was duplicated or lost, every Mandant's bookings agree between BMD and the
datacenter and every fault kind fired; 1 otherwise; 2 for bad options. Only 127.0.0.1 is used.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from soak_faults import KINDS
from soak_ledger import render
from soak_world import SoakOptions, run_soak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tests/soak/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--faults", type=int, default=1000, help="faults to inject at least (default 1000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--mandanten", type=int, default=4)
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated fault kinds (default: all)")
    parser.add_argument("--json", type=Path, help="write the report as JSON to this file")
    parser.add_argument("--state", type=Path, help="keep the databases, office and logs here")
    parser.add_argument("--max-days", type=int, default=60, help="simulated days to inject at most")
    parser.add_argument("--budget-seconds", type=float, default=900.0, help="real seconds to inject at most")
    args = parser.parse_args(argv)
    kinds = tuple(k.strip() for k in args.kinds.split(",") if k.strip())
    unknown = [k for k in kinds if k not in KINDS]
    if unknown or not kinds or args.faults < 1:
        parser.error(
            f"unknown fault kinds {unknown}; known: {', '.join(KINDS)}"
            if unknown
            else "--kinds and --faults must name at least one"
        )
    options = SoakOptions(
        seed=args.seed,
        faults=args.faults,
        mandanten=args.mandanten,
        kinds=kinds,
        max_days=args.max_days,
        budget_seconds=args.budget_seconds,
    )
    report = run_soak(options, args.state)
    print(render(report))
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n"
        args.json.write_text(text, encoding="utf-8")
        print(f"report: {args.json}")
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
