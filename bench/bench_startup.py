"""Benchmark of the application's start: time to the first painted main window, and memory.

    python bench/bench_startup.py             # on 1,000,000 demo subjects, 5 runs (median)
    python bench/bench_startup.py --small     # on 20,000 demo subjects, 5 runs (CI size)
    python bench/bench_startup.py --small --no-bytecode-cache   # compile as the environment says

The database is demo data made once and cached in bench/out/ (shared with bench_register.py,
see _register_db.py). Each run starts `python -m pdp_desk --db FILE` with
QT_QPA_PLATFORM=offscreen and PDP_DESK_PROBE=<a temporary file>; the GUI appends
{"event": "shown", "t": <epoch seconds>} to that file once its main window has been painted
(gui/probe.py). Startup = that t minus the moment just before Popen. Then, after 3 s idle,
the resident memory (VmRSS in /proc/<pid>/status; n/a where there is no /proc), and the
process is terminated. Prints `name | measured | target` lines; never fails on timing.

Also printed: the CPU seconds the process used up to its first paint (user + system, from
/proc/<pid>/stat): unlike the wall time it hardly moves when other work shares the machine.

Bytecode: an installed application starts from compiled bytecode (pip compiles it at install,
the Windows build ships it). A development checkout under PYTHONDONTWRITEBYTECODE=1 (as on
the shared build machine) would instead compile every module of pdp_desk from source at each
start, ~0.3 s more. So each run gets a bytecode cache in bench/out/pycache
(PYTHONPYCACHEPREFIX), filled by one untimed warm-up start, which also warms the disk cache.
`--no-bytecode-cache` leaves the environment as it is.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

TARGET_SECONDS = 1.5
TARGET_RSS_MB = 250.0
IDLE_SECONDS = 3.0
TIMEOUT_SECONDS = 60.0
PYCACHE = ROOT / "bench" / "out" / "pycache"


def stale(path: Path) -> bool:
    """A cached file made before the data model changed (columns missing): build it again."""
    import sqlite3

    from pdp_desk.store.models import Base

    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        for table in Base.metadata.sorted_tables:
            have = {row[1] for row in connection.execute(f'PRAGMA table_info("{table.name}")')}
            if not {c.name for c in table.columns} <= have:
                return True
        return False
    finally:
        connection.close()


def ensure_database(subjects: int) -> Path:
    from _register_db import ensure, path_for

    path = path_for(subjects)
    if path.exists() and stale(path):
        print(f"# {path.name} predates the current data model: building it again", flush=True)
        for leftover in path.parent.glob(path.name + "*"):
            leftover.unlink()
    return ensure(subjects, log=lambda text: print(f"# {text}", flush=True))


def rss_mb(pid: int) -> float | None:
    status = Path(f"/proc/{pid}/status")
    try:
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        return None
    return None


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a running process (n/a where there is no /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run_once(database: Path, log: Path, bytecode_cache: bool = True
             ) -> tuple[float | None, float | None, float | None, str]:
    """(seconds to the first paint, CPU seconds to it, resident MB after idling, note)."""
    probe = Path(tempfile.mkstemp(prefix="pdp-bench-probe-", suffix=".jsonl")[1])
    probe.write_text("")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PDP_DESK_PROBE=str(probe))
    if bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    try:
        with log.open("ab") as output:
            started = time.time()
            process = subprocess.Popen([sys.executable, "-m", "pdp_desk", "--db", str(database)],
                                       env=env, stdout=output, stderr=output, cwd=ROOT)
            try:
                shown = cpu = None
                deadline = time.monotonic() + TIMEOUT_SECONDS
                while shown is None and time.monotonic() < deadline and process.poll() is None:
                    time.sleep(0.01)
                    for line in probe.read_text(encoding="utf-8").splitlines():
                        try:
                            event = json.loads(line)
                        except ValueError:
                            continue
                        if event.get("event") == "shown":
                            shown = float(event["t"])
                            cpu = cpu_seconds(process.pid)  # idle after the paint: ~the same
                            break
                if shown is None:
                    why = (f"exited with code {process.returncode}" if process.poll() is not None
                           else f"no 'shown' event within {TIMEOUT_SECONDS:.0f} s")
                    return None, None, None, why
                time.sleep(IDLE_SECONDS)
                return shown - started, cpu, rss_mb(process.pid), ""
            finally:
                stop(process)
    finally:
        probe.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="20,000 subjects")
    parser.add_argument("--subjects", type=int, help="subjects (default 1,000,000; 20,000 with --small)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="no bytecode cache for the application (see the module's notes)")
    args = parser.parse_args(argv)
    cache = not args.no_bytecode_cache
    subjects = args.subjects or (20_000 if args.small else 1_000_000)
    label = f"{subjects // 1_000_000}M" if subjects % 1_000_000 == 0 else f"{subjects // 1000}k"

    database = ensure_database(subjects)
    log = ROOT / "bench" / "out" / "startup-app.log"
    log.write_bytes(b"")
    times, cpus, memory, notes = [], [], [], []
    seconds, cpu, _mb, note = run_once(database, log, cache)
    print(f"# warm-up run (not counted): {note or f'shown after {seconds:.2f} s'}; bytecode "
          + (f"cached in {PYCACHE.relative_to(ROOT)}" if cache else "as the environment says"), flush=True)
    for k in range(args.runs):
        seconds, cpu, mb, note = run_once(database, log, cache)
        if seconds is None:
            notes.append(note)
            print(f"# run {k + 1}/{args.runs}: not available ({note}; output in {log})", flush=True)
            break  # the application cannot report its start: no use trying again
        times.append(seconds)
        if cpu is not None:
            cpus.append(cpu)
        if mb is not None:
            memory.append(mb)
        print(f"# run {k + 1}/{args.runs}: shown after {seconds:.2f} s, "
              f"CPU {'n/a' if cpu is None else f'{cpu:.2f} s'}, "
              f"RSS {'n/a' if mb is None else f'{mb:.0f} MB'}", flush=True)
    print(f"# database {database.name}: {database.stat().st_size / 2**20:,.0f} MB, {subjects:,} subjects")
    runs_text = f"median of {len(times)} runs"
    if times:
        print(f"startup.first_paint_{label}_subjects | {statistics.median(times):.2f} s ({runs_text}) "
              f"| <= {TARGET_SECONDS} s")
    else:
        print(f"startup.first_paint_{label}_subjects | not available ({notes[0]}) | <= {TARGET_SECONDS} s")
    if cpus:
        print(f"startup.cpu_to_first_paint_{label}_subjects | {statistics.median(cpus):.2f} s ({runs_text}) | info")
    if memory:
        print(f"startup.rss_after_{IDLE_SECONDS:.0f}s_idle | {statistics.median(memory):.0f} MB ({runs_text}) "
              f"| <= {TARGET_RSS_MB:.0f} MB")
    else:
        print(f"startup.rss_after_{IDLE_SECONDS:.0f}s_idle | n/a | <= {TARGET_RSS_MB:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
