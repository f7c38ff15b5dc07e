"""The root of every expected failure.

Library code raises ``NoticeError`` (or a subclass) for a failure the user can fix: an
unknown id, a refused edit, a missing file. The command line catches it in one place
and prints one line. Anything else that escapes is a bug in the tool.
"""

from __future__ import annotations


class NoticeError(Exception):
    """An expected failure, reported as one line without a traceback (exit 1)."""
