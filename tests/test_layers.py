"""The domain layer imports neither Qt nor SQLAlchemy (checked in a fresh interpreter)."""
from __future__ import annotations

import subprocess
import sys

_PROBE = """
import importlib, pkgutil, sys
import pdp_desk.domain as domain
names = [m.name for m in pkgutil.iter_modules(domain.__path__, "pdp_desk.domain.")]
for name in names:
    importlib.import_module(name)
print(",".join(sorted(names)))
leaked = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "sqlalchemy", "shiboken6"))
print(",".join(leaked))
"""


def test_domain_imports_no_qt_and_no_sqlalchemy() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=120, check=True
    )
    modules, leaked = (out.stdout.splitlines() + ["", ""])[:2]
    assert "pdp_desk.domain.calendar" in modules.split(",")
    assert leaked == "", f"domain imported {leaked}"
