"""Small file helpers of the index: atomic JSON writes, reads that never raise."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from reader.atomic import atomic_write_bytes


def atomic_write_json(path: Path, data: Any) -> None:
    atomic_write_bytes(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def read_json(path: Path) -> Any:
    """The parsed file, or None when it is missing or unreadable (the caller rebuilds)."""
    try:
        with open(path, "rb") as f:
            return json.loads(f.read())
    except (OSError, ValueError):
        return None


def remove_stale_temps(folder: Path) -> None:
    """Temp files left by a process killed mid-write (``.name.XXXX.tmp``)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if name.startswith(".") and name.endswith(".tmp"):
            try:
                os.unlink(folder / name)
            except OSError:
                pass
