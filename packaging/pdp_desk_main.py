"""Entry point of the built program (PyInstaller runs this file as __main__)."""
import sys

from pdp_desk.cli import main

if __name__ == "__main__":
    sys.exit(main())
