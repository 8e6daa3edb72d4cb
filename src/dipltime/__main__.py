"""``python -m dipltime``."""

from dipltime.cli.main import console

console()
