"""Site rules: YAML files that say how to recognise a site and where its parts are.

The shipped rules live in ``reader/content/rules/*.yaml``; a library may add its own in
``LIBRARY/rules/*.yaml`` (a user rule with the same ``name`` replaces the shipped one). A rule
file that cannot be read is skipped with a warning, never fatal.

Each rule is a mapping with at least ``name``; the sections each cleaner reads:
``html:`` (CSS selectors, read by ``reader.content.html``) and ``text:`` (line patterns, read by
``reader.content.textdump`` and ``reader.content.markdown_dump``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from reader import safe_yaml
from reader.safe_read import NotRead, read_text

SHIPPED = Path(__file__).resolve().parent / "rules"


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[dict[str, Any], ...]
    warnings: tuple[str, ...] = field(default=())

    def get(self, name: str) -> dict[str, Any] | None:
        for rule in self.rules:
            if rule.get("name") == name:
                return rule
        return None

    def section(self, name: str, key: str) -> dict[str, Any]:
        """``rule[key]`` of the rule called ``name``, or an empty mapping."""
        rule = self.get(name) or {}
        value = rule.get(key) or {}
        return value if isinstance(value, dict) else {}

    def with_section(self, key: str) -> list[dict[str, Any]]:
        return [r for r in self.rules if isinstance(r.get(key), dict)]


def _read_dir(folder: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """The rules of ``folder/*.yaml``. A file that cannot be used (not a regular file, bigger
    than ``reader.safe_read``'s YAML cap, not YAML, past ``reader.safe_yaml``'s limits, not a
    mapping with a text ``name``) is skipped with a one-line warning."""
    rules: list[dict[str, Any]] = []
    warnings: list[str] = []
    if not folder.is_dir():
        return rules, warnings
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = safe_yaml.safe_load(read_text(path, "yaml"))
        except NotRead as exc:
            warnings.append(f"{path}: rule file skipped: {exc.reason}")
            continue
        except yaml.YAMLError as exc:
            warnings.append(f"{path}: rule file skipped: {safe_yaml.problem(exc)}")
            continue
        if not isinstance(data, dict) or not data.get("name"):
            warnings.append(f"{path}: rule file skipped: not a mapping with a name")
            continue
        if not isinstance(data["name"], str):  # `name: [a, b]` would not even hash
            found = safe_yaml.kind_of(data["name"])
            warnings.append(f"{path}: rule file skipped: name: expected text, found {found}")
            continue
        rules.append(data)
    return rules, warnings


@lru_cache(maxsize=8)
def load_rules(extra: Path | None = None) -> RuleSet:
    """The shipped rules, overlaid by those in ``extra`` (a library's rules folder)."""
    rules, warnings = _read_dir(SHIPPED)
    if extra is not None:
        own, own_warnings = _read_dir(extra)
        warnings += own_warnings
        names = {r["name"] for r in own}
        # A user's rules are tried first, and replace shipped ones of the same name.
        rules = own + [r for r in rules if r["name"] not in names]
    return RuleSet(tuple(rules), tuple(warnings))
