import sys

from consultaid.cli import main

sys.exit(main())
