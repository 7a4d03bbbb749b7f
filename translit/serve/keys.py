"""API keys and their rate limits: a keys file (``KEY [REQUESTS_PER_MINUTE]`` per line, ``#``
comment lines) and a sliding one-minute window per key, in memory."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from pathlib import Path

from translit.errors import InputError


def load_api_keys(path: str | Path) -> dict[str, int]:
    """key → requests per minute (0: no limit) from the keys file at ``path``: a line is
    ``KEY`` or ``KEY REQUESTS_PER_MINUTE``; a line whose first character (after spaces) is ``#``
    is a comment, and ``#`` elsewhere is part of a key. A key is printable ASCII without
    spaces; any other line is an error naming it."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read the API keys file {path}: {error}") from None
    keys: dict[str, int] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        fields = line.split()
        if not fields or fields[0].startswith("#"):
            continue
        if len(fields) > 2 or (len(fields) == 2 and not (fields[1].isascii() and fields[1].isdigit())):
            raise InputError(f"{path}: line {n}: expected 'KEY [REQUESTS_PER_MINUTE]' (comments go on lines of their own)")
        if not (fields[0].isascii() and fields[0].isprintable()):
            raise InputError(f"{path}: line {n}: a key is printable ASCII without spaces")
        if fields[0] in keys:
            raise InputError(f"{path}: line {n}: the key is listed twice")
        keys[fields[0]] = int(fields[1]) if len(fields) == 2 else 0
    if not keys:
        raise InputError(f"{path} holds no API key")
    return keys


class RateLimiter:
    """Requests per key in the last minute, against each key's limit."""

    def __init__(self, limits: dict[str, int], window_s: float = 60.0):
        self.limits = limits
        self.window_s = window_s
        self._seen: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> bool:
        """Count a request of ``key``; False when it is over the key's limit (not counted then)."""
        limit = self.limits.get(key, 0)
        if limit <= 0:
            return True
        now = time.monotonic() if now is None else now
        with self._lock:
            seen = self._seen[key]
            while seen and seen[0] <= now - self.window_s:
                seen.popleft()
            if len(seen) >= limit:
                return False
            seen.append(now)
            return True
