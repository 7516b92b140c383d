"""The commonest queries, built without Whoosh's parser (``reader.index.quick_parse``), are the
queries the parser builds: compared on thousands of queries made of the bundled library's own
words and of the words that are hard for an analyser or the parser."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from reader.index.expansions import _walk
from reader.index.query import make_parser, parse, rewrite
from reader.index.quick_parse import quick_parse
from reader.index.schema import make_schema

CONTENT = Path(__file__).resolve().parent.parent / "content"
HARD = ["the", "and", "or", "a", "is", "to", "AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "REQUIRE", "TO",
        "Kernel", "KERNEL", "don't", "e-mail", "3.14", "2007", "user_1", "_", "café", "ÉCOLE", "naïve",
        "straße", "İstanbul", "ﬁle", "ǅemal", "東京", "½", "²", "٣", "Ⅻ", "x", "v2", "2.6.24"]
FIELDS = ["", "", "", "", "title:", "by:", "author:", "tag:", "tags:", "site:", "body:", "date:",
          "Title:", "in:", "when:"]


@pytest.fixture(scope="module")
def parser():
    return make_parser(make_schema())


def _words() -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(CONTENT.rglob("*"))
                    if p.is_file())
    words = sorted(set(re.findall(r"\S+", text)))
    assert len(words) > 1000, "the bundled library's words"
    sample = random.Random(3).sample(words, 1500)
    # as typed (punctuation and all: mostly the parser's) and as a word alone (mostly quick)
    return sample + [w.strip(".,;:!?()[]\"'") for w in sample] + HARD


def _queries(n: int) -> list[str]:
    words = _words()
    rng = random.Random(11)
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 4)):
            field = rng.choice(FIELDS)
            word = str(rng.randint(990, 10100)) if field == "date:" and rng.random() < 0.7 else rng.choice(words)
            parts.append(field + word)
        out.append(" ".join(parts))
    return out


def test_a_quick_query_is_the_parsers_query(parser):
    quick = 0
    for text in _queries(4000):
        q = quick_parse(parser, text)
        if q is None:
            continue
        quick += 1
        full = parser.parse(text)
        assert q == full and repr(q) == repr(full), text
        assert _places(q) == _places(full), text
    assert quick > 1000  # the comparison is not vacuous: most of these are plain words


@pytest.mark.parametrize("text", ["kernel summit", "the kernel", "title:kernel", "by:corbet", "tag:lwn",
                                  "date:2007 kernel", "Kernel Summit 2007", "site:lwn body:panic",
                                  "  title:kernel \t summit  "])
def test_the_common_shapes_are_built_quick(parser, text):
    q = quick_parse(parser, text)
    assert q is not None and q == parser.parse(text)
    assert _places(q) == _places(parser.parse(text))


@pytest.mark.parametrize("text", ["kernel AND panic", "kernel OR panic", "NOT kernel", '"kernel summit"',
                                  "ker*", "wrod~", "kernel^2", "(kernel panic)", "date:2007-09",
                                  "date:[2003 TO 2007]", "site:lwn.net", "don't", "title:(a b)", "*:*"])
def test_anything_else_is_left_to_the_parser(parser, text):
    assert quick_parse(parser, text) is None


def test_a_hashtag_and_a_year_search_as_before(parser):
    # through the whole of query.parse: #tag rewritten first, the year's range made terms after
    for text in ["#kernel", "date:2007 kernel", "the", "kernel the summit"]:
        assert quick_parse(parser, rewrite(text)[0]) is not None
        assert parse(text, parser.schema, parser).query == parse(text, parser.schema, _Slow(parser)).query


def _places(q) -> list[tuple]:
    # where each node says it comes from in the query (the did-you-mean line rewrites by them)
    return [(type(n).__name__, getattr(n, "startchar", None), getattr(n, "endchar", None)) for n in _walk(q)]


class _Slow:
    """The parser with the quick path unreachable (a MultifieldPlugin it cannot find)."""

    def __init__(self, parser) -> None:
        self._parser = parser
        self.plugins = []

    def parse(self, text):
        return self._parser.parse(text)


def test_a_field_the_schema_lacks_is_left_to_the_parser():
    """(An older index's schema: the parser reads ``date:2007`` as a plain term and an
    unknown field's name as text.)"""
    from whoosh.fields import ID, TEXT, Schema

    parser = make_parser(Schema(title=TEXT(), body=TEXT(), author=TEXT(), tags=ID()))
    assert quick_parse(parser, "date:2007 kernel") is None
    assert quick_parse(parser, "site:lwn") is None
    for text in ("kernel", "by:corbet", "tag:lwn"):
        assert quick_parse(parser, text) == parser.parse(text)
