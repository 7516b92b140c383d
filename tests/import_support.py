"""Fixtures of other services' exports (tests/data/import/), made whole with real pages.

A fixture names the article text it carries as ``@corpus:FILE`` (a page of
../shared/corpus/pages): ``export_file`` writes the fixture with each such string replaced by
that page's text — a JSON string value, a whole file inside a fixture folder that becomes a
ZIP — so the exports carry real articles without copying them into this repository.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "import"
MARK = "@corpus:"


def corpus_text(shared_dir: Path, value: str) -> str:
    return (shared_dir / "corpus" / "pages" / value[len(MARK):].strip()).read_text(encoding="utf-8")


def _fill(value: Any, shared_dir: Path) -> Any:
    if isinstance(value, str) and value.startswith(MARK):
        return corpus_text(shared_dir, value)
    if isinstance(value, list):
        return [_fill(v, shared_dir) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, shared_dir) for k, v in value.items()}
    return value


SERVER = "http://SERVER"  # stands for the local test server's address (tests/add_support.py)


def export_file(shared_dir: Path, name: str, out: Path, server: str = "") -> Path:
    """``tests/data/import/NAME`` made whole in ``out``: JSON filled, a folder zipped, else copied;
    ``http://SERVER`` replaced by ``server`` (the local test server's base address)."""
    src = DATA / name
    out.mkdir(parents=True, exist_ok=True)
    if src.is_dir():
        target = out / (name + ".zip")
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
            for f in sorted(p for p in src.rglob("*") if p.is_file()):
                data = f.read_bytes()
                if data.startswith(MARK.encode()):
                    data = corpus_text(shared_dir, data.decode()).encode("utf-8")
                elif server:
                    data = data.replace(SERVER.encode(), server.encode())
                z.writestr(f.relative_to(src).as_posix(), data)
        return target
    target = out / name
    text = src.read_text(encoding="utf-8")
    if server:
        text = text.replace(SERVER, server)
    if name.endswith(".json"):
        text = json.dumps(_fill(json.loads(text), shared_dir), indent=1)
    target.write_text(text, encoding="utf-8")
    return target
