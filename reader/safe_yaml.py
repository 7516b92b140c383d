"""YAML with limits: the one loader for every YAML file reader reads.

bookmarks.yaml, state.yaml, reader.yaml, rules/*.yaml and a Markdown page's front matter are
all read with ``LimitedLoader``: libyaml's safe loader (PyYAML's when libyaml is missing), so no
``!!python/…`` tag is ever constructed, and on top of it

- **aliases are bounded**: a ``*name`` repeats its anchor's whole node, so nine levels of nine
  aliases (under 600 bytes) stand for 9⁹ nodes and take gigabytes to walk, print or save.
  The composed node graph is measured before anything is built: when aliases would add more
  than ``MAX_ALIAS_NODES`` nodes to the document, or an alias sits inside its own anchor (a
  recursive structure), the file is refused (``YAMLLimitError``). The measure costs one pass
  over the nodes and runs only when the text holds something that could be an anchor;
- **depth is bounded**: libyaml refuses nesting past 1,000 levels; through aliases, past
  ``MAX_DEPTH``; PyYAML's own loader hits Python's recursion limit, reported the same way.

Size is bounded before parsing, by the caller reading the file through ``reader.safe_read``.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_ALIAS_NODES = 10_000  # nodes that aliases may add to a document when expanded
MAX_DEPTH = 200  # levels of nesting, counted through aliases

# Where an anchor (``&name``) can start a token: not after a letter or digit (``AT&T`` is
# text). Anything that matches is checked; a text without a match holds no anchor, so no alias.
_MAYBE_ANCHOR = re.compile(r"(?<![0-9A-Za-z_])&[0-9A-Za-z_-]")


def may_hold_anchor(text: str) -> bool:
    """False only when ``text`` surely holds no anchor (so no alias either)."""
    return _MAYBE_ANCHOR.search(text) is not None


class YAMLLimitError(yaml.MarkedYAMLError):
    """A document past one of the limits (``problem`` says which, ``problem_mark`` where)."""


class LimitedLoader(_Base):  # type: ignore[misc, valid-type]
    """A safe loader whose documents are measured before they are constructed (see the module
    docstring). ``aliased`` tells, after ``get_single_node``, whether any alias was used."""

    def __init__(self, stream: str | bytes) -> None:
        super().__init__(stream)
        text = stream if isinstance(stream, str) else stream.decode("utf-8", "replace")
        self._may_alias = may_hold_anchor(text)
        self.aliased = False

    def get_single_node(self):
        try:
            node = super().get_single_node()
        except RecursionError:
            raise YAMLLimitError(problem="nested too deeply") from None
        if node is not None and self._may_alias:
            self.aliased = measure(node)
        return node

    def construct_document(self, node):
        try:
            return super().construct_document(node)
        except RecursionError:
            raise YAMLLimitError(problem="nested too deeply", problem_mark=node.start_mark) from None


def _children(node) -> list:
    value = node.value
    if isinstance(node, yaml.MappingNode):
        return [part for pair in value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return value
    return []


def measure(root) -> bool:
    """Check a composed document against the limits; True when some node is reached twice
    (an alias was used). Iterative: a deep document does not exhaust Python's stack."""
    size: dict[int, int] = {}  # id(node) → nodes it stands for, aliases expanded
    height: dict[int, int] = {}
    open_: set[int] = set()  # nodes whose children are being measured: the current path
    stack: list[tuple[Any, bool]] = [(root, False)]
    shared = False
    while stack:
        node, done = stack.pop()
        key = id(node)
        kids = _children(node)
        if done:
            open_.discard(key)
            size[key] = 1 + sum(size[id(k)] for k in kids)
            height[key] = 1 + max((height[id(k)] for k in kids), default=0)
            if size[key] - len(size) > MAX_ALIAS_NODES:
                raise YAMLLimitError(problem=f"aliases (*name) expand to more than {MAX_ALIAS_NODES:,} "
                                     "nodes; refused", problem_mark=node.start_mark)
            if height[key] > MAX_DEPTH:
                raise YAMLLimitError(problem=f"nested more than {MAX_DEPTH} levels deep (through aliases)",
                                     problem_mark=node.start_mark)
            continue
        if key in size:
            shared = True
            continue
        if key in open_:
            raise YAMLLimitError(problem="an alias (*name) inside its own anchor (a recursive structure)",
                                 problem_mark=node.start_mark)
        open_.add(key)
        stack.append((node, True))
        for k in kids:
            if id(k) in size:
                shared = True
            else:
                stack.append((k, False))
    return shared


def safe_load(text: str | bytes) -> Any:
    """The one document in ``text`` (None when empty), within the limits; ``yaml.YAMLError``
    (``YAMLLimitError`` for a limit) otherwise."""
    loader = LimitedLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def describe(exc: yaml.YAMLError, *, line_offset: int = 0) -> str:
    """A one-line description of a YAML error: ``line N: what`` (lines counted from 1, plus
    ``line_offset``)."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None)
    if problem is None:
        problem = "not valid YAML text (control characters or binary data)" \
            if isinstance(exc, yaml.reader.ReaderError) else "not valid YAML"
    where = f"line {mark.line + 1 + line_offset}: " if mark is not None else ""
    return where + " ".join(str(problem).split())


def problem(exc: yaml.YAMLError, *, line_offset: int = 0) -> str:
    """What to tell the user about a file that did not load: a limit as it is (``line 5:
    aliases … refused``), anything else as ``not valid YAML (line 3: …)``."""
    text = describe(exc, line_offset=line_offset)
    return text if isinstance(exc, YAMLLimitError) else f"not valid YAML ({text})"


def kind_of(value: Any) -> str:
    """What a YAML value is, for a message: ``a list``, ``a mapping``, ``a date``…"""
    import datetime as dt

    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dt.datetime):
        return "a timestamp"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, bytes):
        return "binary data"
    return type(value).__name__
