"""Errors a maintainer can act on: every problem names a file and a line (line 1 for a
problem with the file as a whole: empty, missing, not a report), so editors and CI
annotations can jump to it.

Library code raises these; only `generator.cli` turns them into messages and exit codes,
so the same sentence appears locally and in CI.
"""

from __future__ import annotations


class SourceError(Exception):
    """A problem with one input file, printed as `path:line: sentence`."""

    def __init__(self, path: str, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.path = str(path)
        self.message = message
        self.line = line

    def __reduce__(self):  # rebuilt with all three fields when sent between processes
        return (type(self), (self.path, self.message, self.line))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"
