"""The Register tab on a big register: first page painted, jump to row 900,000, memory.

    python bench/bench_register_gui.py            # a million subjects (bench/_register_db.py)
    python bench/bench_register_gui.py --small    # 20,000 subjects, jump to row 18,000

Timed as a person sees it: from creating the tab (or asking for the row) until the rows are in
the model and the table has painted them. Prints `name | measured | target` lines.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true")
    args = parser.parse_args()
    subjects = 20_000 if args.small else 1_000_000
    target_row = subjects * 9 // 10

    import _register_db
    from PySide6.QtCore import QEventLoop

    from pdp_desk.gui import app as gui_app
    from pdp_desk.gui import i18n
    from pdp_desk.gui.tabs.register import RegisterTab
    from pdp_desk.store.database import open_database

    path = _register_db.ensure(subjects, log=lambda text: print("# " + text))
    app = gui_app.application()
    i18n.install("ru")
    db = open_database(path)

    def wait(condition, limit: float = 120.0) -> bool:
        end = time.perf_counter() + limit
        while not condition():
            if time.perf_counter() > end:
                return False
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        return True

    try:
        for sort in ("name", "created"):
            started = time.perf_counter()
            tab = RegisterTab(db)
            tab.resize(1280, 760)
            tab.sort.setCurrentIndex(tab.sort.findData(sort))
            tab.show()
            wait(lambda: 0 in tab.model.pages)
            tab.view.viewport().repaint()
            first = (time.perf_counter() - started) * 1000
            print(f"register ({sort} sort): first page painted | {first:.0f} ms | <= 300 ms")
            wait(lambda: tab.model.total is not None)
            counted = (time.perf_counter() - started) * 1000
            print(f"register ({sort} sort): count known (background) | {counted:.0f} ms | info")

            started = time.perf_counter()
            tab.go_to_row(target_row)
            ok = wait(lambda: target_row // 100 in tab.model.pages)
            tab.view.viewport().repaint()
            jump = (time.perf_counter() - started) * 1000
            shown = tab.model.row(target_row)
            print(f"register ({sort} sort): jump to row {target_row:,} painted | "
                  f"{jump:.0f} ms{'' if ok and shown else ' (not reached)'} | <= 300 ms")
            tab.model.wait()
            tab.close()
            tab.deleteLater()
            app.processEvents()
        print(f"register: memory with the tab open | {rss_mb():.0f} MB | <= 400 MB")
    finally:
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
