"""``python -m dipltime``."""

from dipltime.cli import console

console()
