"""The query language: Whoosh's, plus reader's fields, checked strictly.

``panic``, ``kernel AND (panic OR oops)``, ``"customer panel"``, ``wor*``, ``wrod~``, and the
fields ``title: author: by: site: tag: date:`` (``#kernel`` is ``tag:kernel``) (``date:2007``, ``date:2007-09``,
``date:2003..2007``, ``date:2003-07..2004-02``, ``date:2003..``), ``in:articles|comments|bookmarks``,
``has:bookmarks`` (only articles with a bookmark, their comments and bookmarks) and ``is:new``
(comments that came since their article was last opened: the searcher is given the read
state's seen comments).

Whoosh's parser never fails: it silently drops what it cannot read (``AND (`` searches for
nothing). ``check()`` reads the query first and raises ``QueryError`` — one line, with the
column — for unbalanced quotes, brackets and parentheses, operators with nothing to work on and
fields with nothing after them.

Prefix, wildcard and fuzzy terms expand to a bounded set of index terms, chosen once for the
whole index: ``reader.index.expansions``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from whoosh import query as wq
from whoosh.qparser import AndGroup, FieldAliasPlugin, FuzzyTermPlugin, MultifieldParser
from whoosh.qparser.dateparse import DateParserPlugin

from reader.errors import ReaderError
from reader.safe_text import has_surrogates, name
from reader.index.expansions import _walk, bound_expansions
from reader.index.quick_parse import quick_parse
from reader.index.schema import TEXT_FIELDS

SCOPES = {"all": ("article", "comment", "bookmark"), "articles": ("article",),
          "comments": ("comment",), "bookmarks": ("bookmark",)}
IN_VALUES = {"article": "articles", "articles": "articles", "comment": "comments", "comments": "comments",
             "bookmark": "bookmarks", "bookmarks": "bookmarks"}
FIELDS = {"title", "author", "by", "site", "tag", "tags", "date", "in", "has", "is", "body"}
HAS_VALUES = {"bookmark": "bookmarks", "bookmarks": "bookmarks"}
IS_VALUES = {"new": "new"}
BINARY = {"AND", "OR", "ANDNOT", "ANDMAYBE"}


class QueryError(ReaderError):
    title = "bad query"
    exit_code = 2


@dataclass(frozen=True)
class Parsed:
    text: str  # the query as given
    rewritten: str  # what Whoosh parsed (``in:`` removed, date ranges spelled its way)
    query: wq.Query
    kinds: tuple[str, ...] | None  # from ``in:``; None when the query has none
    has: tuple[str, ...] = ()  # from ``has:``: ("bookmarks",) keeps articles that have one
    flags: tuple[str, ...] = ()  # from ``is:``: ("new",) keeps comments new since the last visit


# -- checking ---------------------------------------------------------------------------------

_TOKEN = re.compile(r'"|\(|\)|\[|\]|\{|\}|[^\s"()\[\]{}]+')


def check(text: str) -> None:
    """Raise QueryError for what Whoosh would silently misread. Columns count from 1."""
    stack: list[tuple[str, int]] = []
    prev: tuple[str, int] | None = None  # previous significant token: (kind, column)
    i, n = 0, len(text)
    pairs = {")": "(", "]": "[", "}": "{"}
    while i < n:
        m = _TOKEN.search(text, i)
        if not m:
            break
        tok, col = m.group(), m.start() + 1
        i = m.end()
        if tok == '"':
            close = text.find('"', i)
            if close < 0:
                raise QueryError(f'unclosed quote at column {col}: {text}')
            i = close + 1
            # a slop or boost may follow: "a b"~2, "a b"^2
            prev = ("word", col)
            continue
        if tok in "([{":
            if tok in "[{" and not (prev and prev[0] == "field"):
                pass  # a bare bracket is only text to Whoosh; keep it balanced anyway
            stack.append((tok, col))
            prev = ("open", col)
            continue
        if tok in ")]}":
            if not stack or stack[-1][0] != pairs[tok]:
                raise QueryError(f'unmatched "{tok}" at column {col}: {text}')
            opener, ocol = stack.pop()
            if prev and prev[0] == "open" and tok == ")":
                raise QueryError(f'empty parentheses at column {ocol}: {text}')
            if prev and prev[0] in ("binary", "not"):
                raise QueryError(f'"{text[prev[1] - 1:].split()[0]}" at column {prev[1]} has nothing after it: {text}')
            prev = ("word", col)
            continue
        inside_range = bool(stack) and stack[-1][0] in "[{"
        if tok in BINARY and not inside_range:
            if prev is None or prev[0] in ("open", "binary", "not", "field"):
                raise QueryError(f'"{tok}" at column {col} has nothing before it: {text}')
            prev = ("binary", col)
            continue
        if tok == "NOT" and not inside_range:
            prev = ("not", col)
            continue
        field = re.match(r"([A-Za-z]+):(.*)$", tok)
        if field and field.group(1).lower() in FIELDS:
            if field.group(2) == "":
                nxt = text[i:i + 1]
                if nxt not in ('"', "(", "[", "{"):
                    raise QueryError(f'"{tok}" at column {col} needs a word, a "phrase" or a range after it: {text}')
                prev = ("field", col)
                continue
        prev = ("word", col)
    if stack:
        opener, col = stack[-1]
        raise QueryError(f'unclosed "{opener}" at column {col}: {text}')
    if prev and prev[0] in ("binary", "not"):
        word = text[prev[1] - 1:].split()[0]
        raise QueryError(f'"{word}" at column {prev[1]} has nothing after it: {text}')


# -- rewriting ---------------------------------------------------------------------------------

_IN = re.compile(r'(?<![\w:"])in:(\S*)', re.IGNORECASE)
_HAS = re.compile(r'(?<![\w:"])has:(\S*)', re.IGNORECASE)
_IS = re.compile(r'(?<![\w:"])is:(\S*)', re.IGNORECASE)
_DATE_RANGE = re.compile(r"(?<![\w:])date:(\d{4}(?:-\d\d(?:-\d\d)?)?)?\.\.(\d{4}(?:-\d\d(?:-\d\d)?)?)?(?=\s|\)|$)",
                         re.IGNORECASE)


def _outside_quotes(text: str, pos: int) -> bool:
    return text.count('"', 0, pos) % 2 == 0


_HASHTAG = re.compile(r'(?<![\w#&:"/])#([^\s()"\[\]{}#]+)')


def _hashtag(m: re.Match) -> str:
    tag = m.group(1)
    return f"tags:{tag}" if re.fullmatch(r"[\w*]+", tag) else f'tags:"{tag}"'


def rewrite(text: str) -> tuple[str, tuple[str, ...] | None]:
    """Take ``in:`` out (→ kinds), spell ``#tag`` as ``tags:tag`` (tags are shown as
    ``#tag``) and ``date:A..B`` as Whoosh's ``date:[A TO B]``."""
    kinds: list[str] = []
    out, last = [], 0
    for m in _IN.finditer(text):
        if not _outside_quotes(text, m.start()):
            continue
        value = m.group(1).lower().rstrip(")")
        scope = IN_VALUES.get(value)
        if scope is None:
            raise QueryError(
                f'"in:{m.group(1)}" at column {m.start() + 1}: say in:articles, in:comments or in:bookmarks'
            )
        kinds.extend(SCOPES[scope])
        out.append(text[last:m.start()])
        last = m.start() + 4 + len(m.group(1).rstrip(")"))
    out.append(text[last:])
    text = "".join(out)

    def date_range(m: re.Match) -> str:
        a, b = m.group(1), m.group(2)
        if not a and not b:
            raise QueryError(f'"{m.group()}" at column {m.start() + 1}: a date range needs a year on one side')
        # without dashes: Whoosh's date parser reads "2003-08" in a range as the whole year
        # (2003-01-01…), "200308" as August 2003
        return f"date:[{(a or '').replace('-', '')} TO {(b or '').replace('-', '')}]"

    text = _HASHTAG.sub(lambda m: _hashtag(m) if _outside_quotes(text, m.start()) else m.group(), text)
    text = _DATE_RANGE.sub(lambda m: date_range(m) if _outside_quotes(text, m.start()) else m.group(), text)
    return text, (tuple(dict.fromkeys(kinds)) if kinds else None)


def _take(text: str, pattern: re.Pattern, prefix: str, values: dict[str, str]) -> tuple[str, tuple[str, ...]]:
    found: list[str] = []
    out, last = [], 0
    for m in pattern.finditer(text):
        if not _outside_quotes(text, m.start()):
            continue
        value = m.group(1).rstrip(")")
        if values.get(value.lower()) is None:
            say = " or ".join(f"{prefix}:{v}" for v in dict.fromkeys(values.values()))
            raise QueryError(f'"{prefix}:{m.group(1)}" at column {m.start() + 1}: say {say}')
        found.append(values[value.lower()])
        out.append(text[last:m.start()])
        last = m.start() + len(prefix) + 1 + len(value)
    out.append(text[last:])
    return "".join(out), tuple(dict.fromkeys(found))


def take_has(text: str) -> tuple[str, tuple[str, ...]]:
    """Take ``has:bookmarks`` out of the query (→ a filter the searcher applies)."""
    return _take(text, _HAS, "has", HAS_VALUES)


def take_is(text: str) -> tuple[str, tuple[str, ...]]:
    """Take ``is:new`` out of the query (→ a filter the searcher applies)."""
    return _take(text, _IS, "is", IS_VALUES)


# -- parsing ------------------------------------------------------------------------------------

def make_parser(schema) -> MultifieldParser:
    parser = MultifieldParser(list(TEXT_FIELDS), schema, group=AndGroup)
    parser.add_plugin(FuzzyTermPlugin())
    parser.add_plugin(DateParserPlugin(free=False))
    parser.add_plugin(FieldAliasPlugin({"author": ["by"], "tags": ["tag"]}))
    return parser


def parse(text: str, schema, parser: MultifieldParser | None = None) -> Parsed:
    if has_surrogates(text):  # bytes that are not UTF-8 (from argv): a bad query, not a bad index
        raise QueryError(f"the query is not valid UTF-8: {name(text)}")
    check(text)
    rewritten, kinds = rewrite(text)
    rewritten, has = take_has(rewritten)
    rewritten, flags = take_is(rewritten)
    if not rewritten.strip():
        if kinds or has or flags:
            q: wq.Query = wq.Every()
            return Parsed(text, rewritten, q, kinds, has, flags)
        raise QueryError("empty query")
    parser = parser or make_parser(schema)
    try:
        q = quick_parse(parser, rewritten)  # the commonest queries, built as the parser would
        if q is None:
            q = parser.parse(rewritten)
    except Exception as exc:  # Whoosh's parser raising at all is rare; never a traceback
        raise QueryError(f"cannot read the query ({type(exc).__name__}): {text}") from None
    _raise_errors(q, text)
    q = bound_expansions(q)
    if isinstance(q, type(wq.NullQuery)):
        q = wq.NullQuery  # only stop words ("the"): a query that finds nothing
    return Parsed(text, rewritten, q, kinds, has, flags)


def _raise_errors(q: wq.Query, text: str) -> None:
    """Whoosh marks what it could not read; a mark on a query that still works is not an error
    (``date:2003-07``: the date plugin fails, the field's own parser reads it)."""
    for sub in _walk(q):
        err = getattr(sub, "error", None)
        if err and (sub is wq.NullQuery or isinstance(sub, type(wq.NullQuery))):
            where = text.find(str(err))
            col = f" at column {where + 1}" if where >= 0 else ""
            raise QueryError(f'cannot read "{err}"{col} (dates: date:2007, date:2007-09, '
                             f"date:2003..2007): {text}")
