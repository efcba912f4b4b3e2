"""The layers of DESIGN.md, checked on the source: no Qt below gui/, no SQL in gui/ or domain/."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "pdp_desk"


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


def test_no_qt_below_the_gui():
    for layer in ("domain", "store", "services", "documents", "sync"):
        for path in modules(layer):
            assert not any(name.startswith("PySide6") for name in imports_of(path)), path


def test_no_sql_in_the_gui_or_the_rules():
    for layer in ("gui", "domain"):
        for path in modules(layer):
            bad = {name for name in imports_of(path)
                   if name.startswith(("sqlalchemy", "sqlite3", "alembic"))}
            assert not bad, f"{path}: {bad}"


def test_the_rules_import_nothing_of_the_other_layers():
    for path in modules("domain"):
        bad = {name for name in imports_of(path)
               if name.startswith(("pdp_desk.store", "pdp_desk.services", "pdp_desk.gui",
                                   "pdp_desk.documents", "pdp_desk.sync"))}
        assert not bad, f"{path}: {bad}"


def test_lower_layers_never_import_upper_ones():
    upper = {"store": ("pdp_desk.services", "pdp_desk.gui", "pdp_desk.documents", "pdp_desk.cli"),
             "services": ("pdp_desk.gui", "pdp_desk.cli"),
             "documents": ("pdp_desk.gui", "pdp_desk.services", "pdp_desk.store", "pdp_desk.cli")}
    for layer, forbidden in upper.items():
        for path in modules(layer):
            bad = {name for name in imports_of(path) if name.startswith(forbidden)}
            assert not bad, f"{path}: {bad}"
