"""Run every benchmark of bench/ and print one table of figures against their targets.

    python bench/run_all.py            # full size (a million subjects: takes a while)
    python bench/run_all.py --small    # CI size
    python3 dev.py bench [--small]     # the same, in the project's environment

Each `bench/bench_*.py` runs in its own interpreter (a clean start, as a user has it) with
`--small` passed on. A benchmark prints its figures as lines `name | measured | target`
(lines starting with "#" are comments). This script adds the verdict: ok / over when the
target is a bound it can check ("<= 120 s", ">= 5,000", "yes"), info otherwise, n/a when
nothing was measured. The table and every benchmark's output go to bench/out/results.json.

Always exits 0: timing depends on the machine and never fails CI.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
TIMEOUT = {False: 3 * 3600, True: 30 * 60}  # seconds per benchmark: full, small
_NUMBER = re.compile(r"(?<![A-Za-z0-9.])[-+]?\d[\d,]*(?:\.\d+)?")  # not the 50 of "p50"


def first_number(text: str) -> float | None:
    match = _NUMBER.search(text)
    return float(match.group().replace(",", "")) if match else None


def verdict(measured: str, target: str) -> str:
    """ok / over / info / n/a for one line."""
    target = target.strip()
    low = measured.strip().lower()
    if not low or low.startswith(("not available", "n/a", "error")):
        return "n/a"
    if target.lower() in ("yes", "no"):
        return "ok" if low.split()[0] == target.lower() else "over"
    bound = re.match(r"^(<=|<|>=|>|≤|≥)\s*", target)
    value, limit = first_number(measured), first_number(target)
    if bound is None or value is None or limit is None:
        return "info"
    sign = bound.group(1)
    if sign in ("<=", "≤"):
        ok = value <= limit
    elif sign == "<":
        ok = value < limit
    elif sign in (">=", "≥"):
        ok = value >= limit
    else:
        ok = value > limit
    return "ok" if ok else "over"


def parse(output: str) -> list[dict]:
    rows = []
    for line in output.splitlines():
        if line.startswith("#") or line.count(" | ") < 2:
            continue
        name, measured, target = (part.strip() for part in line.split(" | ", 2))
        rows.append({"name": name, "measured": measured, "target": target,
                     "status": verdict(measured, target)})
    return rows


def run(script: Path, small: bool) -> dict:
    args = [sys.executable, str(script)] + (["--small"] if small else [])
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH")) if p)
    print(f"== {script.name}{' --small' if small else ''}", flush=True)
    started = time.perf_counter()
    try:
        done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True,
                              encoding="utf-8", errors="replace", timeout=TIMEOUT[small])
        output, errors, code = done.stdout, done.stderr, done.returncode
    except subprocess.TimeoutExpired as expired:
        output = expired.stdout or ""
        output = output.decode("utf-8", "replace") if isinstance(output, bytes) else output
        errors, code = f"timed out after {TIMEOUT[small]} s", None
    except OSError as error:
        output, errors, code = "", str(error), None
    seconds = time.perf_counter() - started
    for line in output.splitlines():
        print(f"   {line}", flush=True)
    rows = parse(output)
    if code != 0 or not rows:
        tail = " / ".join(errors.strip().splitlines()[-3:]) if errors.strip() else ""
        rows.append({"name": f"{script.stem} (run)", "measured": "error" if code != 0 else "no figures",
                     "target": f"exit code {code}", "status": "n/a", "detail": tail})
        if tail:
            print(f"   ! {tail}", flush=True)
    return {"script": script.name, "exit_code": code, "seconds": round(seconds, 1),
            "results": rows, "output": output, "stderr": errors[-4000:]}


def table(rows: list[dict]) -> str:
    headers = ("name", "measured", "target", "ok/over")
    cells = [(r["name"], r["measured"], r["target"], r["status"]) for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) if cells else len(h) for i, h in enumerate(headers)]
    line = " | ".join(h.ljust(w) for h, w in zip(headers, widths))
    out = [line, "-+-".join("-" * w for w in widths)]
    out += [" | ".join(c.ljust(w) for c, w in zip(cell, widths)) for cell in cells]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="CI sizes")
    parser.add_argument("--only", nargs="*", metavar="NAME", help="run only these (e.g. bench_demo)")
    args = parser.parse_args(argv)
    try:
        scripts = sorted(BENCH.glob("bench_*.py"))
        if args.only:
            wanted = {name.removesuffix(".py") for name in args.only}
            scripts = [s for s in scripts if s.stem in wanted]
        OUT.mkdir(parents=True, exist_ok=True)
        runs = [run(script, args.small) for script in scripts]
        rows = [row for r in runs for row in r["results"]]
        print()
        print(table(rows))
        results = {
            "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "size": "small" if args.small else "full",
            "machine": {"platform": platform.platform(), "python": platform.python_version(),
                        "cpus": os.cpu_count(), "processor": platform.processor() or platform.machine()},
            "results": rows,
            "benchmarks": runs,
        }
        target = OUT / "results.json"
        target.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"\nwritten to {target.relative_to(ROOT)}")
    except Exception as error:  # noqa: BLE001 - a benchmark run never fails CI
        print(f"run_all: {type(error).__name__}: {error}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
