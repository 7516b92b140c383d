"""The commonest queries built without Whoosh's parser, as it would build them.

Most searches are a few plain words, maybe one in a field (``title:``, ``by:``) or with a year
(``date:2007``). Whoosh's parser reads even those through all its plugins: every tagger tried
at every position, the date plugin's grammar over every word; ~75 µs a word and ~150 µs for a
year on the 1k tier, a tenth of a whole search. A query made only of such words is built here
the way the parser's own steps build it — each word through ``parser.term_query`` (the field's
analyser: stop words, lower case, a word of several tokens as a phrase), an unfielded word as
an ``Or`` over the parser's fields, the words in an ``And``, then ``normalize()`` — and
anything else (quotes, operators, brackets, wildcards, other punctuation) is left to the parser.
``tests/test_query_quick.py`` checks the two agree.
"""

from __future__ import annotations

import re
from datetime import datetime

from whoosh import query as wq
from whoosh.fields import DATETIME
from whoosh.qparser.plugins import FieldAliasPlugin, MultifieldPlugin

# A word of letters and digits (no underscore, no punctuation: nothing a plugin reads), maybe
# after a text field's name; or a year after ``date:``.
_WORD = re.compile(r"(?:(title|body|author|by|tags?|site):)?([^\W_]+)|date:([1-9][0-9]{3})")
# The operators Whoosh's OperatorsPlugin reads between words (``NOT`` and ``REQUIRE`` first)
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "REQUIRE"})
_SPACED = re.compile(r"\S+")  # the parser's WhitespacePlugin splits on \s+
_MAX_WORDS = 16  # a longer query is rare: the parser then


def quick_parse(parser, text: str) -> wq.Query | None:
    """``parser.parse(text)`` for a query of plain words (see the module), or None. Each word's
    query carries the word's place in ``text`` (``startchar``/``endchar``), as the parser's do:
    the did-you-mean line rewrites the words by them."""
    words = list(_SPACED.finditer(text))
    if not words or len(words) > _MAX_WORDS:
        return None
    fieldnames = _multifields(parser)
    if fieldnames is None:
        return None
    aliases = _aliases(parser)
    parts: list[wq.Query] = []
    for word in words:
        m = _WORD.fullmatch(word.group())
        if m is None or word.group() in _OPERATORS:
            return None
        field, value, year = m.groups()
        if year is not None:  # DateParserPlugin: the whole year
            if not isinstance(parser.schema["date"] if "date" in parser.schema else None, DATETIME):
                return None  # no date field: the parser's plain term
            y = int(year)
            parts.append(wq.DateRange("date", datetime(y, 1, 1), datetime(y, 12, 31, 23, 59, 59, 999999)))
            continue
        start, end = word.start() + m.start(2), word.start() + m.end(2)
        if field is not None:
            field = aliases.get(field, field)
            if field not in parser.schema:  # the parser reads an unknown field's name as text
                return None
            q = _placed(parser.term_query(field, value, parser.termclass), start, end)
        else:
            subs = [_placed(parser.term_query(name, value, parser.termclass, boost=boost), start, end)
                    for name, boost in fieldnames]
            q = wq.Or([s for s in subs if s is not None])
        if q is not None:
            parts.append(q)
    q = wq.And(parts)
    return q.normalize() if q else wq.NullQuery


def _placed(q: wq.Query | None, start: int, end: int) -> wq.Query | None:
    if q:  # as the parser's ``attach``
        q.startchar, q.endchar = start, end
    return q


def _multifields(parser) -> list[tuple[str, float]] | None:
    """The fields an unfielded word searches, with their boosts (``MultifieldPlugin``)."""
    for plugin in parser.plugins:
        if isinstance(plugin, MultifieldPlugin):
            return [(name, plugin.boosts.get(name, 1.0)) for name in plugin.fieldnames]
    return None


def _aliases(parser) -> dict[str, str]:
    """Another name → the field's (``FieldAliasPlugin``: ``by:`` is ``author:``)."""
    out: dict[str, str] = {}
    for plugin in parser.plugins:
        if isinstance(plugin, FieldAliasPlugin):
            out.update(plugin.reverse)
    return out
