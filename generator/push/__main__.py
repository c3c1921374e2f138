"""Entry point for `python -m generator.push TARGET …` (the same as `python -m generator push TARGET …`)."""
import sys

from .command import main

sys.exit(main())
