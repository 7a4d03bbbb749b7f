"""Exceptions the library raises; the CLI turns each into a one-line message and an exit code."""


class TranslitError(Exception):
    """Base class: an error the user can act on, with a message that says what and where."""


class InputError(TranslitError):
    """Input text or file that cannot be read (missing file, invalid UTF-8, truncated gzip)."""


class DataError(TranslitError):
    """A corpus or data folder that is missing or malformed."""


class ModelError(TranslitError):
    """A model folder that is missing, incomplete or broken."""
