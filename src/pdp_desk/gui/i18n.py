"""The interface language: Russian by default, Kazakh and English offered.

English is the source language of every string, so "en" needs only our plural forms ("1 request",
"3 requests") and none of Qt's own. Installing a translator makes Qt send LanguageChange to every
widget, and each widget re-translates itself.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

from pdp_desk.gui import prefs
from pdp_desk.resources import resource

# Names of the languages in themselves: a person who cannot read the current language can still
# find their own.
LANGUAGES = {"ru": "Русский", "kk": "Қазақша", "en": "English"}
DEFAULT = "ru"
_LOCALES = {"ru": "ru_RU", "kk": "kk_KZ", "en": "en_GB"}
_KEY = "ui/language"

_installed: list[QTranslator] = []
_current = "en"


def current() -> str:
    return _current


def saved_language() -> str | None:
    value = prefs.settings().value(_KEY)
    return value if value in LANGUAGES else None


def save_language(language: str) -> None:
    prefs.settings().setValue(_KEY, language)


def translation_file(language: str):
    return resource("translations", f"pdp_desk_{language}.qm")


def install(language: str) -> None:
    """Make `language` the interface language of the running application."""
    global _current
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    # Locale first: the widgets format their numbers when they re-translate.
    QLocale.setDefault(QLocale(_LOCALES[language]))
    _current = language
    app = QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
        translator.deleteLater()
    _installed.clear()
    _install_translators(app, language)
    # Qt posts LanguageChange to the widgets; deliver it now so every text changes at once.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)


def _install_translators(app: QCoreApplication, language: str) -> None:
    # Qt's own strings (standard buttons, file dialogs) first, ours last: searched first.
    qt = QTranslator(app)
    if language != "en" and qt.load(f"qtbase_{language}",
                                     QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    ours = QTranslator(app)
    if not ours.load(str(translation_file(language))):
        raise RuntimeError(f"cannot load {translation_file(language)}; run tools/build_ui.py")
    app.installTranslator(ours)
    _installed.append(ours)
