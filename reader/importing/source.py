"""Reading an export file: bytes with a cap, ZIP members, CSV with a known header, JSON.

Each helper raises ``BadImport`` naming the file and the problem in one line, so a format
module never lets a ``zipfile``/``csv``/``json`` exception through as a traceback.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reader.errors import ReaderError
from reader.importing.model import BadImport
from reader.safe_read import MB, FileTooBig, read_regular

MAX_FILE = 2000 * MB  # an Omnivore export of a big library carries every article's HTML
MAX_MEMBER = 64 * MB  # one file inside a ZIP (a page, a metadata list)


def read_bytes(path: Path) -> bytes:
    try:
        data = read_regular(path, "page", limit=MAX_FILE)
    except FileTooBig:
        raise BadImport(f"{path}: too large (more than {MAX_FILE // MB} MB)") from None
    except ReaderError as exc:
        raise BadImport(exc.message) from None
    assert data is not None
    return data


def text_of(data: bytes, where: str) -> str:
    """UTF-8 text (a BOM dropped): exports are UTF-8 by their documentation."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadImport(f"{where}: not UTF-8 text (byte {exc.start})") from None


def load_json(data: bytes, where: str) -> Any:
    try:
        return json.loads(text_of(data, where))
    except json.JSONDecodeError as exc:
        raise BadImport(f"{where}: not JSON ({exc.msg}, line {exc.lineno})") from None


def open_zip(data: bytes, where: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        bad = archive.testzip()  # reads every member: a truncated or damaged one shows now
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as exc:
        raise BadImport(f"{where}: not a readable ZIP file ({exc})") from None
    except OSError as exc:
        raise BadImport(f"{where}: not a readable ZIP file ({exc})") from None
    if bad is not None:
        raise BadImport(f"{where}: damaged ZIP member {bad!r}")
    return archive


def member(archive: zipfile.ZipFile, name: str, where: str) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > MAX_MEMBER:
        raise BadImport(f"{where}: {name} is too large ({info.file_size // MB} MB)")
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise BadImport(f"{where}: cannot read {name} ({exc})") from None


def csv_rows(text: str, where: str, required: Iterable[str]) -> tuple[list[str], list[dict[str, str]]]:
    """The header and the rows of a CSV whose header has every ``required`` column."""
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [h.strip() for h in (reader.fieldnames or [])]
        reader.fieldnames = header
        missing = [c for c in required if c not in header]
        if missing:
            shown = ",".join(header)[:120] or "nothing"
            raise BadImport(f"{where}: not the expected CSV: no column {', '.join(missing)} (the header is {shown})")
        rows = [{k: (v or "") for k, v in row.items() if isinstance(k, str)} for row in reader]
    except csv.Error as exc:
        raise BadImport(f"{where}: bad CSV ({exc})") from None
    return header, rows


def split_tags(value: str, sep: str = ",") -> list[str]:
    return list(dict.fromkeys(t.strip() for t in value.split(sep) if t.strip()))


def iso_from(value: Any) -> str:
    """An ISO 8601 UTC date from an epoch number (seconds or milliseconds) or ISO text; '' else."""
    if value in (None, ""):
        return ""
    text = str(value).strip()
    try:
        n = float(text)
    except ValueError:
        try:
            when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return ""
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.timezone.utc)
        return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if n > 1e11:  # milliseconds
        n /= 1000
    try:
        return dt.datetime.fromtimestamp(n, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OverflowError, OSError, ValueError):
        return ""


def need(value: Any, kind: type, what: str, where: str) -> Any:
    if not isinstance(value, kind):
        raise BadImport(f"{where}: {what} is not {'a list' if kind is list else 'an object' if kind is dict else kind.__name__}")
    return value
