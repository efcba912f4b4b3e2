"""Forms compiled from ui/*.ui by tools/build_ui.py: generated, do not edit by hand."""
