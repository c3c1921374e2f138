"""A problem found in the catalog, reported as `path:line: code: message`."""
from __future__ import annotations

import sys
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    code: str  # the catalog code concerned, or "-" when none applies
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.code}: {self.message}"


def report(problems: list[Diagnostic], outcome: str = "nothing was written.") -> bool:
    """Print problems to stderr, then how many and what that means; True when there were any."""
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found; {outcome}", file=sys.stderr)
    return bool(problems)
