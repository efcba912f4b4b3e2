"""`python -m pdp_desk` runs the same entry point as the `pdp-desk` command."""
import sys

from pdp_desk.cli import main

sys.exit(main())
