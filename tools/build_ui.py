#!/usr/bin/env python3
"""Build the GUI's generated files: Designer forms into Python, translations into .qm.

    python tools/build_ui.py              compile ui/*.ui and resources/translations/*.ts
    python tools/build_ui.py --update-ts  first collect the GUI's strings into the .ts files
    python tools/build_ui.py --check      build in a temporary folder; exit 1 naming every
                                          committed generated file that differs, or a .ts
                                          that misses strings of the code (for CI)

Run it with the project's interpreter: the PySide6 tools are taken from beside it.
English is the source language: its .ts holds only the strings with plural forms ("%n request(s)"
becomes "1 request", "3 requests"), which lupdate collects with -pluralonly.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UI_DIR = ROOT / "ui"
GUI_DIR = ROOT / "src" / "pdp_desk" / "gui"
FORMS_DIR = GUI_DIR / "forms"
TS_DIR = ROOT / "resources" / "translations"
TS_LANGUAGES = ("ru", "kk")
PLURAL_ONLY_LANGUAGES = ("en",)  # the source language: only its plural forms need a .ts
# uic writes its own version into the header; a newer PySide6 must not fail the check for that.
UIC_VERSION_LINE = "## Created by: Qt User Interface Compiler version"


def tool(name: str) -> Path:
    path = Path(sys.executable).parent / (name + (".exe" if os.name == "nt" else ""))
    if not path.exists():
        raise SystemExit(f"{path} not found: run this script with the interpreter that has PySide6")
    return path


def run(*args: str | Path) -> None:
    result = subprocess.run([str(a) for a in args], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{Path(args[0]).name} failed:\n{result.stdout}{result.stderr}")


def ts_files() -> list[Path]:
    return [TS_DIR / f"pdp_desk_{language}.ts" for language in TS_LANGUAGES + PLURAL_ONLY_LANGUAGES]


def _plural_only(ts: Path) -> bool:
    return any(ts.stem.endswith(f"_{language}") for language in PLURAL_ONLY_LANGUAGES)


def compile_forms(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    made = []
    for ui in sorted(UI_DIR.glob("*.ui")):
        target = out_dir / f"ui_{ui.stem}.py"
        run(tool("pyside6-uic"), ui.relative_to(ROOT), "-o", target)
        made.append(target)
    return made


def update_ts(targets: list[Path] | None = None) -> None:
    """Collect the strings of the GUI's code (not the generated forms) and of ui/*.ui."""
    sources = sorted(p for p in GUI_DIR.rglob("*.py") if FORMS_DIR not in p.parents)
    sources += sorted(UI_DIR.glob("*.ui"))
    TS_DIR.mkdir(parents=True, exist_ok=True)
    targets = targets or ts_files()
    # No locations: line numbers would change the .ts files at every edit of the code.
    common = [*(p.relative_to(ROOT) for p in sources), "-source-language", "en", "-no-obsolete",
              "-locations", "none"]
    full = [ts for ts in targets if not _plural_only(ts)]
    plural = [ts for ts in targets if _plural_only(ts)]
    if full:
        run(tool("pyside6-lupdate"), *common, "-ts", *full)
    if plural:
        run(tool("pyside6-lupdate"), *common, "-pluralonly", "-target-language", "en_GB", "-ts", *plural)


def release(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    made = []
    for ts in sorted(TS_DIR.glob("*.ts")):
        target = out_dir / f"{ts.stem}.qm"
        run(tool("pyside6-lrelease"), "-silent", ts.relative_to(ROOT), "-qm", target)
        made.append(target)
    return made


def _same_form(built: Path, committed: Path) -> bool:
    def lines(path: Path) -> list[str]:
        return [line for line in path.read_text(encoding="utf-8").splitlines()
                if not line.startswith(UIC_VERSION_LINE)]
    return lines(built) == lines(committed)


def check() -> list[str]:
    """Names (relative to the repository) of committed generated files that are out of date."""
    stale = []
    with tempfile.TemporaryDirectory() as tmp:
        forms = compile_forms(Path(tmp) / "forms")
        qms = release(Path(tmp) / "translations")
        for built in forms:
            committed = FORMS_DIR / built.name
            if not committed.exists() or not _same_form(built, committed):
                stale.append(committed.relative_to(ROOT).as_posix())
        for built in qms:
            committed = TS_DIR / built.name
            if not committed.exists() or committed.read_bytes() != built.read_bytes():
                stale.append(committed.relative_to(ROOT).as_posix())
        # A string added to (or dropped from) the code but not to the .ts would go untranslated.
        copies = []
        for ts in ts_files():
            copy = Path(tmp) / "ts" / ts.name
            copy.parent.mkdir(exist_ok=True)
            copy.write_bytes(ts.read_bytes())
            copies.append(copy)
        update_ts(copies)
        for ts, copy in zip(ts_files(), copies):
            if copy.read_bytes() != ts.read_bytes():
                stale.append(f"{ts.relative_to(ROOT).as_posix()} (strings changed: run --update-ts)")
        expected = {b.name for b in forms}
        for orphan in sorted(FORMS_DIR.glob("ui_*.py")):
            if orphan.name not in expected:
                stale.append(f"{orphan.relative_to(ROOT).as_posix()} (no ui/ source)")
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update-ts", action="store_true",
                        help="collect the GUI's strings into the .ts files first")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if a committed generated file is out of date")
    args = parser.parse_args(argv)
    if args.check:
        stale = check()
        for name in stale:
            print(f"out of date: {name}")
        if stale:
            print("Run: python tools/build_ui.py", file=sys.stderr)
            return 1
        print("generated files are up to date")
        return 0
    if args.update_ts:
        update_ts()
    for path in compile_forms(FORMS_DIR) + release(TS_DIR):
        print(f"wrote {path.relative_to(ROOT).as_posix()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
