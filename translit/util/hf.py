"""Hugging Face ``transformers`` settings shared by training and the speed benchmark."""

from __future__ import annotations


def quiet_transformers() -> None:
    """No per-file progress bars from transformers: our own events report progress."""
    from transformers.utils import logging

    logging.disable_progress_bar()
    logging.set_verbosity_error()
