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

Prefix, wildcard and fuzzy terms expand to at most ``MAX_EXPANSION`` index terms (the most
frequent among the first ``MAX_SCAN`` candidates): an unbounded ``cro*`` took 19 s on a 20k
library. When searching every candidate is cheap (at most ``MAX_EXACT_TERMS`` words holding at
most ``EXACT_POSTINGS`` documents between them) all are searched, and the counts are exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from whoosh import query as wq
from whoosh.qparser import AndGroup, FieldAliasPlugin, FuzzyTermPlugin, MultifieldParser
from whoosh.qparser.dateparse import DateParserPlugin
from whoosh.fields import FieldType
from whoosh.reading import IndexReader

from reader.errors import ReaderError
from reader.safe_text import has_surrogates, name
from reader.index.schema import TEXT_FIELDS
from reader.index.suggest import max_distance
from reader.index.terms import TermLists, lists_for

MAX_EXPANSION = 16
MAX_SCAN = 4000
# Searched whole when this cheap (``wil*``: 26 words, 199 documents on the 1k benchmark library):
# counts then exact, not a lower bound. The postings bound the matching, the words the matchers.
MAX_EXACT_TERMS = 48
EXACT_POSTINGS = 1000

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


def _walk(q: wq.Query):
    yield q
    if q.is_leaf():
        return
    for child in q.children():
        yield from _walk(child)


# -- bounded expansion --------------------------------------------------------------------------

def _top(pairs) -> tuple[list[bytes], bool]:
    """The ``MAX_EXPANSION`` most frequent of at most ``MAX_SCAN`` candidate terms (``pairs``:
    (term bytes, doc frequency) in term order) — all of them when that is cheap (``_cheap``) —
    and whether some candidates were left out."""
    scored = []
    cut = False
    for n, (btext, df) in enumerate(pairs):
        if n >= MAX_SCAN:
            cut = True
            break
        scored.append((df, btext))
    if len(scored) > MAX_EXPANSION and (cut or not _cheap(scored)):
        cut = True
        scored.sort(key=lambda t: (-t[0], t[1]))
        scored = scored[:MAX_EXPANSION]
    return sorted(b for _, b in scored), cut


def _cheap(scored: list[tuple[int, bytes]]) -> bool:
    return len(scored) <= MAX_EXACT_TERMS and sum(df for df, _ in scored) <= EXACT_POSTINGS


def _with_df(reader, fieldname: str, candidates):
    df = reader.doc_frequency
    return ((btext, df(fieldname, btext)) for btext in candidates)


class _Pinned:
    """An expanding term whose expansion can be chosen once for the whole index (``pin``).

    Whoosh expands a term per segment, against that segment's own frequencies: with a bound on
    the expansion, an index of several segments (any incremental update, any parallel build)
    searched different words in each, and ``doc1*`` found 42 documents on one index and 32 on
    a rebuild of the same files. Pinned, every segment searches the same words.

    Pinning reads the candidates from the reader's cached term lists (``reader.index.terms``)
    when it can; ``_candidates`` (Whoosh's walk of the term dictionary) is the fallback and
    what an unpinned query (a segment's reader) uses."""

    pinned: list[bytes] | None = None
    cut: bool = False

    def _candidates(self, ixreader):
        raise NotImplementedError

    def _cached(self, lists):
        """(term bytes, doc frequency) pairs from ``lists``, in term order; None: not here."""
        return None

    def _btexts(self, ixreader):
        if self.pinned is not None:
            return self.pinned
        return _top(_with_df(ixreader, self.fieldname, self._candidates(ixreader)))[0]

    def pin(self, ixreader, lists: TermLists | None = None) -> None:
        pairs = None
        if lists is not None and _utf8_terms(ixreader.schema, self.fieldname):
            pairs = self._cached(lists)
        if pairs is None:
            pairs = _with_df(ixreader, self.fieldname, self._candidates(ixreader))
        self.pinned, self.cut = _top(pairs)

    def pattern(self) -> str:
        return self.text


def _utf8_terms(schema, fieldname: str) -> bool:
    """Whether a field's terms are its words in UTF-8 (text, ids: what the term lists hold),
    not numbers or dates in Whoosh's sortable bytes."""
    if fieldname not in schema:
        return False
    field = schema[fieldname]
    return type(field).to_bytes is FieldType.to_bytes and type(field).from_bytes is FieldType.from_bytes


def _encoded(pairs):
    return ((text.encode("utf-8"), df) for text, df in pairs)


class BoundedPrefix(_Pinned, wq.Prefix):
    def _candidates(self, ixreader):
        return wq.Prefix._btexts(self, ixreader)

    def _cached(self, lists):
        if not self.text:
            return None
        return _encoded(lists.with_prefix(self.fieldname, self.text))

    def pattern(self) -> str:
        return self.text + "*"


class BoundedWildcard(_Pinned, wq.Wildcard):
    def _candidates(self, ixreader):
        return wq.Wildcard._btexts(self, ixreader)

    def _cached(self, lists):
        prefix = self._find_prefix(self.text)
        if not prefix:
            return None  # ``*ing``: every term of the field; Whoosh's walk, bounded by _top
        exp = re.compile(self._get_pattern())
        return _encoded((t, df) for t, df in lists.with_prefix(self.fieldname, prefix) if exp.match(t))


class BoundedFuzzy(_Pinned, wq.FuzzyTerm):
    """``word~``: the words within ``maxdist`` edits of ``word``, and — so a fuzzy search
    reaches at least as far as "did you mean" (``reader.index.suggest``) — those within its
    distance of the word's stem (bodies and titles are indexed as stems: ``schedular~`` must
    find ``schedul``, which "did you mean" offers as "scheduler").

    Edit distance is Damerau-Levenshtein (a swap of two letters is one edit), Whoosh's
    ``IndexReader.terms_within``, whether the index has one segment or many (Whoosh's
    one-segment reader used an automaton without swaps: a fuzzy term found more on an index
    of several segments than on the same index optimised)."""

    def _stem(self, field) -> str | None:
        try:
            stems = list(field.process_text(self.text, mode="query"))
        except Exception:  # a field without an analyser: the word as typed is all there is
            stems = []
        return stems[0] if len(stems) == 1 and stems[0] != self.text else None

    def _candidates(self, ixreader):
        field = ixreader.schema[self.fieldname]
        words = set(IndexReader.terms_within(ixreader, self.fieldname, self.text, self.maxdist,
                                             prefix=self.prefixlength))
        stem = self._stem(field)
        if stem is not None:
            maxdist = max(self.maxdist, max_distance(stem))
            words.update(IndexReader.terms_within(ixreader, self.fieldname, stem, maxdist,
                                                  prefix=self.prefixlength))
        return (field.to_bytes(w) for w in sorted(words))

    def _cached(self, lists):
        if not self.text or self.prefixlength < 1:
            return None
        field = lists.reader.schema[self.fieldname]
        words = set(lists.within(self.fieldname, self.text, self.maxdist, self.prefixlength))
        stem = self._stem(field)
        if stem is not None:
            maxdist = max(self.maxdist, max_distance(stem))
            words.update(lists.within(self.fieldname, stem, maxdist, self.prefixlength))
        return _with_df(lists.reader, self.fieldname, (field.to_bytes(w) for w in sorted(words)))

    def pattern(self) -> str:
        return self.text + "~"


def pin_expansions(q: wq.Query, ixreader) -> list[str]:
    """Choose the words of every prefix, wildcard and fuzzy term of ``q`` once, against the
    whole index (``ixreader``: the searcher's top reader, whose cached term lists are used and
    kept); the patterns whose expansion was cut (results are then a lower bound:
    ``Results.partial``)."""
    cut: list[str] = []
    lists = None
    for node in _walk(q):
        if isinstance(node, _Pinned):
            if lists is None:
                lists = lists_for(ixreader)
            node.pin(ixreader, lists)
            if node.cut and node.pattern() not in cut:
                cut.append(node.pattern())
    return cut


MAX_YEARS = 100


def _whole_years(node) -> tuple[int, int] | None:
    """(first, last) when a DateRange covers whole years exactly (``date:2003..2007``)."""
    start, end = getattr(node, "startdate", None), getattr(node, "enddate", None)
    if start is None or end is None:
        return None
    if (start.month, start.day, start.hour, start.minute, start.second, start.microsecond) != (1, 1, 0, 0, 0, 0):
        return None
    if (end.month, end.day, end.hour, end.minute, end.second, end.microsecond) != (12, 31, 23, 59, 59, 999999):
        return None
    if not 0 <= end.year - start.year < MAX_YEARS:
        return None
    return start.year, end.year


def bound_expansions(q: wq.Query) -> wq.Query:
    def fix(node: wq.Query) -> wq.Query:
        # A bare `*` (Whoosh: every term of a field, one by one: seconds on a big library)
        # means every document; beside other words it adds nothing, so it is dropped there.
        if type(node) is wq.Every:
            return wq.Every(boost=node.boost)
        if isinstance(node, wq.Or) and node.subqueries and all(type(c) is wq.Every for c in node.subqueries):
            return wq.Every(boost=node.boost)
        if type(node) is wq.And and any(type(c) is wq.Every for c in node.subqueries):
            kept = [c for c in node.subqueries if type(c) is not wq.Every]
            if kept:
                return kept[0] if len(kept) == 1 else wq.And(kept, boost=node.boost)
        if isinstance(node, wq.DateRange) and node.fieldname == "date":
            years = _whole_years(node)
            if years is not None:
                terms = [wq.Term("year", str(y)) for y in range(years[0], years[1] + 1)]
                return wq.ConstantScoreQuery(terms[0] if len(terms) == 1 else wq.Or(terms), score=node.boost)
        if type(node) is wq.Prefix:
            return BoundedPrefix(node.fieldname, node.text, boost=node.boost)
        if type(node) is wq.Wildcard:
            return BoundedWildcard(node.fieldname, node.text, boost=node.boost)
        if type(node) is wq.FuzzyTerm:
            # `word~` is maxdist 1 to Whoosh; "did you mean" allows 2 edits in a longer word,
            # and a fuzzy search should reach at least as far as the suggestion it is offered
            return BoundedFuzzy(node.fieldname, node.text, boost=node.boost,
                                maxdist=max(node.maxdist, max_distance(node.text)),
                                prefixlength=max(1, node.prefixlength))
        return node

    return q.accept(fix)
