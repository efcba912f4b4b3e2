#!/usr/bin/env python3
"""Fill the .ts files from the translation tables in tools/translations/*.tsv, then rebuild.

Each screen keeps its translations in its own table (so people working on different screens
never edit the same file): one line per string, tab-separated,

    context <TAB> English source <TAB> Russian <TAB> Kazakh

Escapes in the table: \\n for a new line, \\t for a tab. For a %n string with plural forms,
separate the forms with " || " (Russian three: 1, 2–4, 5+; Kazakh two, usually the same word).
Lines starting with # are comments.

    python tools/apply_translations.py     collect strings (lupdate), fill them, build .qm

A string of the code with no translation anywhere is listed at the end and left unfinished.

English is the source language; only its plural forms need translating. They are made from the
source ("%n request(s)" -> "%n request || %n requests"), unless tools/translations/en-plurals.txt
(context <TAB> source <TAB> one || other) says otherwise.
"""
from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TABLES = ROOT / "tools" / "translations"
sys.path.insert(0, str(ROOT / "tools"))

import build_ui  # noqa: E402

COLUMNS = {"ru": 2, "kk": 3}
ENGLISH_PLURALS = TABLES / "en-plurals.txt"


def english_plurals() -> dict[tuple[str, str], dict[str, str]]:
    """Plural forms of the English source strings: the table's own, else made from "(s)"."""
    table: dict[tuple[str, str], dict[str, str]] = {}
    if ENGLISH_PLURALS.exists():
        for line in ENGLISH_PLURALS.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                context, source, forms = line.split("\t")
                table[(context, source)] = {"en": forms}
    return table


def english_forms(source: str) -> str:
    return f"{source.replace('(s)', '')} || {source.replace('(s)', 's')}"


def unescape(text: str) -> str:
    return text.replace("\\n", "\n").replace("\\t", "\t")


def read_tables() -> dict[tuple[str, str], dict[str, str]]:
    found: dict[tuple[str, str], dict[str, str]] = {}
    for table in sorted(TABLES.glob("*.tsv")):
        for number, line in enumerate(table.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 4:
                raise SystemExit(f"{table.name}:{number}: expected 4 tab-separated columns, got {len(parts)}")
            context, source, ru, kk = (unescape(p) for p in parts)
            found[(context, source)] = {"ru": ru, "kk": kk}
    return found


def fill(ts: Path, language: str, table: dict[tuple[str, str], dict[str, str]]) -> list[str]:
    tree = ET.parse(ts)
    missing = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            source = message.findtext("source")
            translation = message.find("translation")
            entry = table.get((name, source))
            if entry is None and language == "en" and message.get("numerus") == "yes":
                entry = {"en": english_forms(source)}
            if entry is None:
                if translation.get("type") == "unfinished":
                    missing.append(f"{name}: {source}")
                continue
            text = entry[language]
            if message.get("numerus") == "yes":
                for form in list(translation):
                    translation.remove(form)
                for value in text.split(" || "):
                    ET.SubElement(translation, "numerusform").text = value
                translation.text = None
            else:
                translation.text = text
            translation.attrib.pop("type", None)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return missing


def main() -> int:
    table = read_tables()
    build_ui.update_ts()
    missing: list[str] = []
    for language in COLUMNS:
        missing += fill(build_ui.TS_DIR / f"pdp_desk_{language}.ts", language, table)
    missing += fill(build_ui.TS_DIR / "pdp_desk_en.ts", "en", english_plurals())
    build_ui.update_ts()  # lupdate writes the files back in its own layout
    build_ui.release(build_ui.TS_DIR)
    for item in sorted(set(missing)):
        print(f"untranslated: {item}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
