"""The few exception types `qa` raises. Every message says what went wrong and what to do."""


class QAError(Exception):
    """Base class: a problem the user can fix, with a message that says how."""


class CorpusError(QAError):
    """The corpus folder is missing, empty, or holds nothing readable."""


class IndexStateError(QAError):
    """The index is missing, locked, corrupt, or was built with other settings."""


class InputError(QAError):
    """A question or argument is unusable (empty, too long, malformed)."""


class BackendError(QAError):
    """An embedder or language-model backend is unknown, not installed, or failed."""

__all__ = ["QAError", "CorpusError", "IndexStateError", "InputError", "BackendError"]
