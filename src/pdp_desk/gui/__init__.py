"""The desktop application: the only package that imports Qt.

`app.run` starts it; `main_window.MainWindow` holds one tab per module of `tabs/`. Widgets call
use cases of `pdp_desk.services`, never SQL. Forms drawn in Designer (`ui/*.ui`) are compiled
into `forms/` by `tools/build_ui.py`; do not edit those by hand.
"""
