"""``reader.yaml``: the user's settings for the app (theme, key bindings, comments pane).

The file is the user's: the app reads it (``reader.safe_read`` + ``reader.safe_yaml``: a
regular file of at most a few MB, aliases bounded) and never writes it. Nothing in it is
fatal: a file that cannot be read or parsed, an unknown setting or a value of the wrong kind
is left out with a one-line warning, and the rest applies. Whether a theme or a binding id
exists is for the front end to say (it knows its themes and keys); this module checks shapes.

    theme: nord                      # a Textual theme name (ctrl+t cycles them in the app)
    comments: open                   # open | closed: the comments pane at start
    keys:                            # binding id → keys, comma-separated
      reader.app.search: "slash,ctrl+f"
      reader.article.next_hit: "n,f3"
    follow_symlinks: false           # true: symbolic links under content/ may lead out of it

Key names are checked here too: one with a control character, an escape sequence or a bidi
control is refused (it would be written to the terminal in the footer and the help).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from reader import safe_text, safe_yaml
from reader.safe_read import NotRead, read_text
from reader.paths import Library

KNOWN = ("theme", "keys", "comments", "follow_symlinks")
# A key name Textual knows is printable: a control, an escape or a bidi control in one is an
# attack on the terminal the footer writes it to (``"\x1b]52;c;…\x07"`` sets the clipboard).
_UNSAFE_KEY = re.compile(f"[\x00-\x1f\x7f-\x9f{safe_text.BIDI}\ud800-\udfff]")
COMMENTS = ("open", "closed")


@dataclass
class Settings:
    theme: str = ""  # empty: the app's default
    keys: dict[str, str] = field(default_factory=dict)  # binding id → "key,key"
    comments: str = ""  # "open" | "closed" | "" (the app's default)
    follow_symlinks: bool = False  # links under content/ may lead out of it (opt-in)
    warnings: list[str] = field(default_factory=list)  # one line each


def _keys(value: Any, where: str, warnings: list[str]) -> dict[str, str]:
    if not isinstance(value, dict):
        warnings.append(f"{where}: keys: expected a mapping of binding id to keys; ignored")
        return {}
    out: dict[str, str] = {}
    for binding_id, keys in value.items():
        if isinstance(keys, list):  # [ctrl+f, slash] reads as well as "ctrl+f,slash"
            keys = ",".join(str(k) for k in keys if isinstance(k, (str, int)))
        elif isinstance(keys, int) and not isinstance(keys, bool):
            keys = str(keys)  # `reader.list.first: 1`
        shown = safe_text.name(str(binding_id)[:60])
        if not isinstance(binding_id, str) or not isinstance(keys, str) or not keys.strip(", "):
            warnings.append(f"{where}: keys: {shown}: expected keys like \"j,down\"; ignored")
            continue
        parts = [k.strip() for k in keys.split(",") if k.strip()]
        if _UNSAFE_KEY.search(binding_id) or any(_UNSAFE_KEY.search(k) for k in parts):
            warnings.append(f"{where}: keys: {shown}: control characters or escape sequences in "
                            f"{safe_text.name(keys[:60])}; ignored")
            continue
        if any(" " in k for k in parts):
            warnings.append(f"{where}: keys: {shown}: a key name has a space in it; ignored")
            continue
        out[binding_id] = ",".join(parts)
    return out


def load_settings(path: Path) -> Settings:
    """The settings in ``path``; defaults (and no warning) when the file does not exist."""
    path = Path(path)
    name = path.name
    settings = Settings()
    warnings = settings.warnings
    try:
        text = read_text(path, "yaml", missing_ok=True)
    except NotRead as exc:  # a FIFO, a device, too big, not UTF-8…
        warnings.append(f"{path}: cannot read it ({exc.reason}); default settings used")
        return settings
    if text is None:
        return settings
    try:
        data = safe_yaml.safe_load(text)
    except yaml.YAMLError as exc:
        warnings.append(f"{path}: {safe_yaml.problem(exc)}; default settings used")
        return settings
    if data is None:
        return settings
    if not isinstance(data, dict):
        warnings.append(f"{path}: expected a mapping (theme:, keys:, comments:); default settings used")
        return settings
    for key in data:
        if key not in KNOWN:
            warnings.append(f"{name}: unknown setting {str(key)[:40]!r} ignored (known: {', '.join(KNOWN)})")
    theme = data.get("theme")
    if theme is not None:
        if isinstance(theme, str) and theme.strip():
            settings.theme = theme.strip()
        else:
            warnings.append(f"{name}: theme: expected a theme name; ignored")
    if data.get("keys") is not None:
        settings.keys = _keys(data["keys"], name, warnings)
    comments = data.get("comments")
    if comments is not None:
        # YAML reads a bare `on`/`off` as booleans; accept them too
        value = ("open" if comments else "closed") if isinstance(comments, bool) else comments
        if isinstance(value, str) and value.strip().lower() in COMMENTS:
            settings.comments = value.strip().lower()
        else:
            warnings.append(f"{name}: comments: expected open or closed; ignored")
    follow = data.get("follow_symlinks")
    if follow is not None:
        if isinstance(follow, bool):
            settings.follow_symlinks = follow
        else:
            warnings.append(f"{name}: follow_symlinks: expected true or false; ignored")
    return settings


def library_with_settings(library: Library) -> Library:
    """``library`` with what the core needs from its ``reader.yaml``: whether symbolic links under
    content/ may lead out of it (``follow_symlinks: true``; off by default). Only a regular file
    is read here (a FIFO named reader.yaml must not block every command); its warnings are the
    app's to show."""
    try:
        regular = library.settings.is_file()
    except OSError:
        regular = False
    if not regular:
        return library
    settings = load_settings(library.settings)
    if settings.follow_symlinks == library.follow_links:
        return library
    return dataclasses.replace(library, follow_links=settings.follow_symlinks)
