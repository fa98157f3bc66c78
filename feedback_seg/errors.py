"""Numbered errors, mapped to CLI exit codes and API envelopes.

Every error the product raises on purpose is a :class:`FeedbackSegError` with a code
(``E1xx`` input, ``E2xx`` store, ``E3xx`` pipeline, ``E4xx`` auth/access, ``E5xx`` conflict,
``E900`` a bug of ours, with an id to quote).
The CLI prints ``error E101: <message>`` and exits with :attr:`exit_code`; the API answers
``{"ok": false, "error": ..., "code": ..., "status": ...}`` with :attr:`http_status`.
"""
from __future__ import annotations


class FeedbackSegError(Exception):
    """Base class: a clear, user-facing error."""

    code = "E000"
    exit_code = 1
    http_status = 400

    def __init__(self, message: str, **details):
        super().__init__(message)
        self.message = message
        self.details = details

    def __str__(self) -> str:
        return self.message

    def to_dict(self) -> dict:
        return {"ok": False, "error": self.message, "code": self.code,
                "status": self.http_status, **({"details": self.details} if self.details else {})}


class InputError(FeedbackSegError):
    """A file or argument the user gave cannot be used (E1xx)."""
    code, exit_code, http_status = "E100", 2, 400


class UnreadableFileError(InputError):
    """The file cannot be parsed at all (wrong type, corrupt, bomb, too big)."""
    code, http_status = "E101", 422


class FileTooLargeError(InputError):
    code, http_status = "E102", 413


class EncodingError(InputError):
    """The encoding cannot be decided safely; the user must name it."""
    code, http_status = "E103", 422


class ColumnError(InputError):
    """A named column does not exist, or no usable text column was found."""
    code, http_status = "E104", 422


class NotFoundError(FeedbackSegError):
    code, exit_code, http_status = "E200", 3, 404


class StoreError(FeedbackSegError):
    code, exit_code, http_status = "E201", 4, 500


class PipelineError(FeedbackSegError):
    code, exit_code, http_status = "E300", 5, 422


class AuthError(FeedbackSegError):
    code, exit_code, http_status = "E400", 6, 401


class ForbiddenError(FeedbackSegError):
    code, exit_code, http_status = "E403", 6, 403


class ConflictError(FeedbackSegError):
    """A stale edit (version mismatch) or a duplicate."""
    code, exit_code, http_status = "E500", 7, 409


class InternalError(FeedbackSegError):
    """A bug in the product (not in the user's file): logged with its traceback under ``error_id``."""
    code, exit_code, http_status = "E900", 70, 500

    def __init__(self, message: str, error_id: str = "", **details):
        super().__init__(message, error_id=error_id, **details)
        self.error_id = error_id
