"""One module per tab of the main window; each tab takes the open `Database` and re-translates
itself on QEvent.LanguageChange."""
