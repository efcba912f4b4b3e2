"""Acts & journal tab: acts of destruction and the audit journal (placeholder)."""
from __future__ import annotations

from pdp_desk.gui.tabs.placeholder import PlaceholderTab


class ActsTab(PlaceholderTab):
    def texts(self) -> tuple[str, str]:
        return (self.tr("Acts and the journal"),
                self.tr("Acts of destruction, kept for three years, and the journal of every action "
                        "will be here, with a check that no entry of the journal has been altered."))
