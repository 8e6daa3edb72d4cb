"""``python -m dipltime``."""

import sys

from dipltime.cli import main

sys.exit(main())
