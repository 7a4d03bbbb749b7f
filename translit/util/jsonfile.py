"""One JSON file read whole, with a one-line error naming the file when it is not JSON."""

from __future__ import annotations

import json
from pathlib import Path

from translit.errors import ModelError


def read_json(path: Path, error: type[Exception] = ModelError):
    """The parsed content of ``path``; ``error`` (a model folder's or checkpoint's by default)
    when the file is not valid UTF-8 JSON (nested too deeply or with a too-long integer included)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise error(f"{path}: not valid JSON ({exc})") from None
    except RecursionError:
        raise error(f"{path}: not valid JSON (nested too deeply)") from None
    except ValueError as exc:  # an integer too long to read
        raise error(f"{path}: not valid JSON ({str(exc).split(':')[0]})") from None
