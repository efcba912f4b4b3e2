"""Help → About: the version, the open database and its schema, the font licence.

The layout is drawn in Designer (ui/about_dialog.ui); this adds the facts known at run time.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QDialog, QWidget

from pdp_desk import __version__
from pdp_desk.gui.forms.ui_about_dialog import Ui_AboutDialog


class AboutDialog(QDialog):
    def __init__(self, facts: dict, parent: QWidget | None = None):
        """`facts`: as given by `pdp_desk.services.about.database_facts`."""
        super().__init__(parent)
        self.facts = facts
        self.ui = Ui_AboutDialog()
        self.ui.setupUi(self)
        self.ui.databaseValue.setText(str(facts["path"]))
        self._fill()

    def _fill(self) -> None:
        self.ui.versionLabel.setText(self.tr("Version %1").replace("%1", __version__))
        revision = self.facts["revision"] or "—"
        if self.facts["revision"] == self.facts["head"]:
            self.ui.revisionValue.setText(self.tr("%1 (up to date)").replace("%1", revision))
        else:
            self.ui.revisionValue.setText(self.tr("%1 (this version of PDP Desk expects %2)")
                                          .replace("%1", revision).replace("%2", self.facts["head"]))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.ui.retranslateUi(self)
            self._fill()
        super().changeEvent(event)
