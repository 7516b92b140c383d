"""The small selector language of the HTML site rules, and rule recognition.

A *field spec* says where a value is, relative to an element (the page, a comment item):

- ``"css"`` — the text of the first element matching ``css``;
- ``"css@attr"`` — that element's attribute; ``"@attr"`` — the element's own attribute;
- a mapping, for more: ``select`` (css, empty = the element itself), ``attr``, ``re`` (a
  regular expression: its first group, or the whole match, is the value), ``template``
  (``"comment-{}"``: the value put into a pattern), ``prev`` (css: the element just before
  this one, or a match inside it, instead of a descendant), ``divide`` / ``base`` (numbers:
  ``value / divide - base``), ``count`` (css: the number of ancestors matching it),
  ``strptime`` (a date's format, for date fields);
- a list of specs: the first that gives a non-empty value wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from bs4 import Tag

from reader.content import html_css

Spec = str | dict[str, Any] | list[Any]


def text_of(el: Tag) -> str:
    return " ".join(el.get_text(" ").split())


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


@lru_cache(maxsize=512)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I | re.S)


def _split(spec: str) -> tuple[str, str]:
    """``"a.b@href"`` → (``"a.b"``, ``"href"``); an ``@`` inside brackets is part of the css."""
    depth = 0
    for i in range(len(spec) - 1, -1, -1):
        ch = spec[i]
        if ch == "]":
            depth += 1
        elif ch == "[":
            depth -= 1
        elif ch == "@" and depth == 0:
            return spec[:i].strip(), spec[i + 1:].strip()
    return spec.strip(), ""


def _select_one(root: Tag, css: str) -> Tag | None:
    if not css:
        return root
    try:
        return html_css.select_one(root, css)
    except Exception:  # a bad selector in a user rule must not stop the page
        return None


def select_all(root: Tag, css: str | list[str] | None) -> list[Tag]:
    """Every element matching any of ``css``, in document order, in one pass over the tree."""
    sels = [str(s) for s in as_list(css) if str(s).strip()]
    if not sels:
        return []
    try:
        return html_css.select(root, ", ".join(sels))
    except Exception:  # one bad selector: use the others
        found: list[Tag] = []
        for sel in sels:
            try:
                found.extend(el for el in html_css.select(root, sel) if el not in found)
            except Exception:
                continue
        return found


def _attr(el: Tag, name: str) -> str:
    value = el.get(name)
    if isinstance(value, list):
        return " ".join(value)
    return str(value or "")


def _prev(el: Tag, css: str) -> Tag | None:
    """The element just before ``el`` if it matches ``css``, or a match inside it (a parser
    puts ``<p><a name=…></a>`` around an anchor left in an unclosed paragraph)."""
    for sib in el.previous_siblings:
        if not isinstance(sib, Tag):
            continue
        try:
            return sib if html_css.match(sib, css) else html_css.select_one(sib, css)
        except Exception:
            return None
    return None


def value(root: Tag, spec: Spec | None) -> str:
    """The first non-empty value ``spec`` finds under ``root`` ("" when none)."""
    for one in as_list(spec):
        got = _one_value(root, one)
        if got:
            return got
    return ""


def _one_value(root: Tag, spec: Any) -> str:
    if isinstance(spec, str):
        css, attr = _split(spec)
        el = _select_one(root, css)
        if el is None:
            return ""
        return _attr(el, attr).strip() if attr else text_of(el)
    if not isinstance(spec, dict):
        return ""
    if "count" in spec:
        n = sum(1 for p in root.parents if isinstance(p, Tag) and _matches(p, str(spec["count"])))
        return str(n)
    if spec.get("prev"):
        el = _prev(root, str(spec["prev"]))
    else:
        el = _select_one(root, str(spec.get("select") or ""))
    if el is None:
        return ""
    attr = str(spec.get("attr") or "")
    raw = _attr(el, attr).strip() if attr else text_of(el)
    if spec.get("re"):
        m = _regex(str(spec["re"])).search(raw)
        if not m:
            return ""
        raw = (m.group(1) if m.groups() else m.group(0)) or ""
        raw = raw.strip()
    if raw and ("divide" in spec or "base" in spec):
        try:
            number = float(raw) / float(spec.get("divide") or 1) - float(spec.get("base") or 0)
        except ValueError:
            return ""
        raw = str(max(0, int(number)))
    if raw and spec.get("template"):
        raw = str(spec["template"]).replace("{}", raw)
    return raw


def _matches(el: Tag, css: str) -> bool:
    try:
        return html_css.match(el, css)
    except Exception:
        return False


def matches(el: Tag, css: str | list[str] | None) -> bool:
    return any(_matches(el, c) for c in as_list(css))


@dataclass(frozen=True)
class PageFacts:
    """What rule recognition looks at, gathered once per page."""

    host: str
    generators: tuple[str, ...]
    raw: str = ""  # the page's source: a selector whose names it lacks cannot match


_NAMES = re.compile(r"[.#]([A-Za-z_][\w-]*)|\[\s*([\w-]+)\s*(?:[*^$|~]?=\s*(['\"])(.*?)\3\s*)?\]")


def _cannot_match(css: str, raw: str) -> bool:
    """True when a class, id, attribute name or quoted value ``css`` needs is absent from
    ``raw`` (checked before a full-tree selector scan, which costs seconds on an 8 MB page)."""
    if not raw or "," in css or ":" in css or " i]" in css:
        return False
    for m in _NAMES.finditer(css):
        for literal in (m.group(1), m.group(2), m.group(4)):
            if literal and literal not in raw:
                return True
    return False


def recognise(soup: Tag, facts: PageFacts, rules: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The first rule (highest ``priority`` first) whose ``match`` holds for the page."""
    ordered = sorted(rules, key=lambda r: -_priority(r))
    for rule in ordered:
        if _rule_matches(soup, facts, rule.get("html") or {}):
            return rule
    return None


def _priority(rule: dict[str, Any]) -> float:
    try:
        return float((rule.get("html") or {}).get("priority") or 0)
    except (TypeError, ValueError):
        return 0.0


def _rule_matches(soup: Tag, facts: PageFacts, html: dict[str, Any]) -> bool:
    match = html.get("match") or {}
    if not isinstance(match, dict):
        return False
    if any(_regex(p).search(facts.host) for p in as_list(match.get("host")) if facts.host):
        return True
    if any(_regex(p).search(g) for p in as_list(match.get("generator")) for g in facts.generators):
        return True
    for css in as_list(match.get("selector")):
        if not _cannot_match(str(css), facts.raw) and _select_one(soup, str(css)) is not None:
            return True
    required = [str(c) for c in as_list(match.get("all"))]
    if not required or any(_cannot_match(c, facts.raw) for c in required):
        return False
    return all(_select_one(soup, c) is not None for c in required)


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


# Which keys of an `html:` section hold CSS, field specs, or regular expressions: what
# ``problems`` checks, so that a typo in a user's rule is reported instead of silently
# matching nothing.
_CSS_KEYS = ("tags", "body", "lead", "drop", "item", "text", "pingback", "exclude")
_SPEC_KEYS = ("title", "author", "date", "url", "id", "depth")
_RE_KEYS = ("drop_text", "cut_at", "strip", "pingback_text", "url_prefer")


def problems(html: dict[str, Any], where: str = "") -> list[str]:
    """One line per selector or regular expression in ``html`` that does not compile."""
    import soupsieve

    found: list[str] = []

    def css(value: Any, key: str) -> None:
        for sel in as_list(value):
            if not isinstance(sel, str) or not sel.strip():
                continue
            try:
                soupsieve.compile(sel)
            except Exception as exc:
                found.append(f"{where}{key}: bad CSS selector {sel!r} ({type(exc).__name__})")

    def regex(value: Any, key: str) -> None:
        for pattern in as_list(value):
            try:
                re.compile(str(pattern))
            except re.error as exc:
                found.append(f"{where}{key}: bad regular expression {pattern!r} ({exc})")

    def spec(value: Any, key: str) -> None:
        for one in as_list(value):
            if isinstance(one, str):
                css(_split(one)[0], key)
            elif isinstance(one, dict):
                for k in ("select", "prev", "count"):
                    css(one.get(k), key)
                regex(one.get("re"), key)

    match = html.get("match") if isinstance(html.get("match"), dict) else {}
    css(match.get("selector"), "match.selector")
    css(match.get("all"), "match.all")
    regex(match.get("host"), "match.host")
    regex(match.get("generator"), "match.generator")
    for rewrite in as_list(html.get("url_rewrite")):
        if isinstance(rewrite, dict):
            regex(rewrite.get("re"), "url_rewrite.re")
    data = html.get("data") if isinstance(html.get("data"), dict) else {}
    css(data.get("script"), "data.script")
    if isinstance(data.get("article"), dict):
        regex(data["article"].get("re"), "data.article.re")
    for section, prefix in ((html, ""), (html.get("comments") if isinstance(html.get("comments"), dict) else {}, "comments.")):
        for key in _CSS_KEYS:
            css(section.get(key), prefix + key)
        for key in _SPEC_KEYS:
            spec(section.get(key), prefix + key)
        for key in _RE_KEYS:
            regex(section.get(key), prefix + key)
    return found
