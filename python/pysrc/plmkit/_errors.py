"""Exceptions raised by plmkit: every one is a :class:`PlmkitError` naming the file and line."""

from __future__ import annotations

from typing import Optional


class PlmkitError(Exception):
    """An error from plmkit.

    Attributes:
        file: the file the error is about, as it was named (``None`` for in-memory input).
        line: the 1-based line (``None`` when the error is about the file as a whole).
        what: the message, as ``str(error)`` gives it: ``FILE:LINE: what is wrong``.
    """

    def __init__(self, message: str, file: Optional[str] = None, line: Optional[int] = None,
                 errno: Optional[int] = None) -> None:
        super().__init__(message)
        self.what = message
        self.file = file
        self.line = line

    def __str__(self) -> str:
        return self.what


class ParseError(PlmkitError, ValueError):
    """A malformed line (or file) in an input: ``.file`` and ``.line`` say where."""


class ConfigError(PlmkitError, ValueError):
    """A setting out of its documented range, or an unknown name (standard, leg, format)."""


class InputError(PlmkitError, ValueError):
    """Data that cannot be processed (time not increasing, column lengths that differ, ...)."""


class FileError(PlmkitError, OSError):
    """The operating system could not open or read a file (``.file``; ``.errno`` when known)."""

    def __init__(self, message: str, file: Optional[str] = None, line: Optional[int] = None,
                 errno: Optional[int] = None) -> None:
        PlmkitError.__init__(self, message, file, line)
        self.errno = errno
        self.filename = file
