"""`python -m calfeed` is the same command as `calfeed`."""

from calfeed.cli import main

main()
