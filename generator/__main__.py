"""Entry point for `python -m generator`."""
import sys

if sys.argv[1:2] == ["lookup"]:
    # Fast path: lookup starts without the full command line's imports (see lookup.py).
    from .lookup import main as lookup

    sys.exit(lookup(sys.argv[2:]))

from .cli import main  # noqa: E402

sys.exit(main())
