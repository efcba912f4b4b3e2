"""The start of the application stays light: the documents stack (ReportLab, pyHanko, pdfium,
openpyxl) is imported only by the actions that make or read documents, and the holiday and
contact-checking packages only when a deadline is counted or a value is checked.

Each check runs in a fresh interpreter: in the test process these modules are long imported.
Figures (bench/README.md): ReportLab with pyHanko ≈ 0.4 s, `holidays` 0.15-0.6 s, phonenumbers
with email_validator ≈ 0.1 s of a start that must stay under 1.5 s.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

DOCUMENTS = ("reportlab", "pyhanko", "pypdfium2", "openpyxl", "fontTools")
ON_DEMAND = ("holidays", "phonenumbers", "email_validator")

SCRIPT = r"""
import json, sys
from pathlib import Path

WATCHED = json.loads(sys.argv[2])


def loaded():
    return sorted({name.split(".")[0] for name in sys.modules} & set(WATCHED))


import pdp_desk.gui.app  # noqa: E402,F401  (imports the main window and every tab)
import pdp_desk.gui.main_window  # noqa: E402
report = {"import": loaded()}

from PySide6.QtCore import QEvent, QObject  # noqa: E402

from pdp_desk.gui.app import application  # noqa: E402
from pdp_desk.services.catalogue import open_for_work  # noqa: E402

app = application()
db = open_for_work(Path(sys.argv[1]))
window = pdp_desk.gui.main_window.MainWindow(db)


class FirstPaint(QObject):
    painted = False

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            FirstPaint.painted = True
        return False


watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
while not FirstPaint.painted:
    app.processEvents()
report["first_paint"] = loaded()
window.close()
print(json.dumps(report))
"""


def run_start(db_path: Path) -> dict[str, list[str]]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(db_path), json.dumps(DOCUMENTS + ON_DEMAND)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_start_imports_no_documents_stack_and_no_on_demand_package(tmp_path, db_path):
    from pdp_desk.services import demo
    from pdp_desk.store.database import open_database

    db = open_database(db_path)
    try:
        demo.generate(db, 60, seed=3)  # requests with deadlines, people waiting for destruction
    finally:
        db.close()

    loaded = run_start(db_path)

    # Importing the GUI (every tab, dialog and service module) loads none of them.
    assert loaded["import"] == []
    # Up to the first paint of the main window on the register: still no documents stack.
    assert not set(loaded["first_paint"]) & set(DOCUMENTS), loaded["first_paint"]
