"""Destruction tab: the destruction wizard (placeholder)."""
from __future__ import annotations

from pdp_desk.gui.tabs.placeholder import PlaceholderTab


class DestructionTab(PlaceholderTab):
    def texts(self) -> tuple[str, str]:
        return (self.tr("Destruction of personal data"),
                self.tr("A step-by-step wizard will help here to destroy data whose purpose is "
                        "achieved or whose consent was withdrawn or has expired, and to print the act "
                        "for signature."))
