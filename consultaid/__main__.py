"""`python -m consultaid` runs the same command line as the `consultaid` script."""

import sys

from consultaid.cli import main

sys.exit(main())
