"""`python -m generator` runs the command-line interface."""
import sys

from generator.cli import main

sys.exit(main())
