"""Reading built HTML in tests: the same reader the pre-publish checks use, each page parsed once per run."""
from generator.verify import Page, parsed, resolve  # noqa: F401
