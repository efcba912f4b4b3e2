"""Generated GUI files are up to date, and the translations are complete and load."""
from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "resources" / "translations"
REGISTER = {"ru": "Реестр", "kk": "Тізілім"}


def test_generated_files_match_their_sources():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "build_ui.py"), "--check"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("language", sorted(REGISTER))
def test_translation_is_complete(language):
    tree = ET.parse(TRANSLATIONS / f"pdp_desk_{language}.ts")
    messages = list(tree.iter("message"))
    assert len(messages) > 50
    for message in messages:
        source = message.findtext("source")
        translation = message.find("translation")
        assert translation.get("type") is None, f"{language}: not finished: {source!r}"
        if message.get("numerus") == "yes":
            forms = [form.text or "" for form in translation.findall("numerusform")]
            assert forms and all(form.strip() for form in forms), f"{language}: {source!r}"
            assert all("%n" in form or "%Ln" in form for form in forms), f"{language}: {source!r}"
        else:
            assert (translation.text or "").strip(), f"{language}: empty: {source!r}"
            for marker in ("%1", "%2"):
                assert (marker in source) == (marker in translation.text), f"{language}: {source!r}"


@pytest.mark.parametrize("language", sorted(REGISTER))
def test_compiled_translation_loads(qapp, language):
    translator = QTranslator()
    assert translator.load(str(TRANSLATIONS / f"pdp_desk_{language}.qm"))
    assert translator.translate("MainWindow", "Register") == REGISTER[language]


def test_russian_plural_forms(qapp):
    translator = QTranslator()
    assert translator.load(str(TRANSLATIONS / "pdp_desk_ru.qm"))
    source = "%n request(s) not yet closed"
    forms = [translator.translate("StatusBar", source, None, n) for n in (1, 3, 5, 21)]
    assert forms == ["%n обращение ещё не закрыто", "%n обращения ещё не закрыты",
                     "%n обращений ещё не закрыто", "%n обращение ещё не закрыто"]


def test_english_plural_forms(qapp):
    """English is the source, but "%n request(s)" must read "1 request" and "3 requests"."""
    translator = QTranslator()
    assert translator.load(str(TRANSLATIONS / "pdp_desk_en.qm"))
    source = "%n request(s) not yet closed"
    forms = [translator.translate("StatusBar", source, None, n) for n in (1, 3)]
    assert forms == ["%n request not yet closed", "%n requests not yet closed"]
    tree = ET.parse(TRANSLATIONS / "pdp_desk_en.ts")
    messages = list(tree.iter("message"))
    assert messages and all(m.get("numerus") == "yes" for m in messages)
    for message in messages:
        forms = [f.text or "" for f in message.find("translation").findall("numerusform")]
        assert len(forms) == 2 and all("%n" in f or "%Ln" in f for f in forms)
        assert message.find("translation").get("type") is None
        assert not any("(s)" in f for f in forms), message.findtext("source")


def test_english_interface_reads_plurals_naturally(qapp):
    from PySide6.QtCore import QCoreApplication

    from pdp_desk.gui import i18n
    before = i18n.current()
    i18n.install("en")
    try:
        text = QCoreApplication.translate("StatusBar", "%n request(s) not yet closed", None, 1)
        assert text == "1 request not yet closed"
    finally:
        i18n.install(before)
