"""``WordAnalyzer`` (``reader.index.analysis``) gives the very tokens of Whoosh's own chain of
the same tokenizer and filters — text, position, characters, boost, stopped — for every way
Whoosh calls an analyser (indexing with characters, query parsing with stop words kept, no
stems, offsets), on the seeds, on the corpus's pages and on text made to be awkward."""

from __future__ import annotations

import pickle

import pytest
from whoosh.analysis.analyzers import CompositeAnalyzer

from reader.index.analysis import WordAnalyzer
from reader.index.schema import name_analyzer, text_analyzer
from conftest import SEEDS

AWKWARD = [
    "",
    "the a of and",  # stop words only
    "İstanbul ǅemal Straße ﬁne ΣΊΣΥΦΟΣ café naïve Ångström",  # lower() changes lengths
    "kernel 2.6.32 v5.10-rc1 e.g. U.S.A. x86_64 foo_bar",
    "日本語の文章とテキスト 한국어 中文 mixed漢字words",
    "a" * 61 + " " + "b" * 60 + " ok",  # past MAX_TOKEN, at it
    "The Running runners ran; they're RUNNING! Don't stop—it's (the) end…",
    "\u200bzero\u200bwidth\u00adsoft\u00adhyphen combining e\u0301 a\u0308",
    "tabs\tand\nnewlines\r\nand   spaces  the the the end",
]

KWARGS = [
    {},
    {"positions": True, "chars": True},  # Characters.word_values (the body)
    {"positions": True, "chars": True, "boosts": True},
    {"positions": True},
    {"mode": "query"},
    {"mode": "query", "removestops": False, "positions": True},  # a phrase in a query
    {"positions": True, "chars": True, "start_pos": 7, "start_char": 100},
    {"removestops": False, "chars": True, "positions": True},
    {"no_morph": True, "positions": True},
    {"keeporiginal": True, "positions": True},
    {"tokenize": False, "positions": True, "chars": True},
]


def _tokens(analyzer, text: str, kwargs: dict) -> list[tuple]:
    return [(t.text, getattr(t, "pos", None), getattr(t, "startchar", None), getattr(t, "endchar", None),
             t.boost, t.stopped, getattr(t, "original", None))
            for t in analyzer(text, **kwargs)]


def _texts(shared: bool) -> list[str]:
    texts = list(AWKWARD) + [p.read_text(encoding="utf-8") for p in SEEDS]
    if shared:
        from conftest import SHARED_DIR

        texts += [p.read_text(encoding="utf-8", errors="replace")
                  for p in sorted((SHARED_DIR / "corpus" / "pages").glob("*.html"))[:6]]
    return texts


@pytest.mark.parametrize("make", [text_analyzer, name_analyzer])
def test_the_same_tokens_as_whooshs_chain(make):
    from conftest import SHARED_DIR

    fast = make()
    assert isinstance(fast, WordAnalyzer)
    chain = CompositeAnalyzer(*fast.items)  # the very same parts, run as Whoosh runs them
    assert type(chain) is CompositeAnalyzer
    compared = 0
    for text in _texts(False):
        for kwargs in KWARGS:
            got = _tokens(fast, text, kwargs)
            assert got == _tokens(chain, text, kwargs), (text[:60], kwargs)
            compared += len(got)
    for text in _texts(SHARED_DIR.is_dir())[len(_texts(False)):]:  # real pages: as index and query
        for kwargs in KWARGS[1], KWARGS[5]:
            got = _tokens(fast, text, kwargs)
            assert got == _tokens(chain, text, kwargs), (text[:60], kwargs)
            compared += len(got)
    assert compared > 10_000


def test_it_pickles_compares_and_has_morph_as_the_chain():
    fast = text_analyzer()
    fast("warm the stem cache")  # not pickled
    again = pickle.loads(pickle.dumps(fast))
    assert isinstance(again, WordAnalyzer) and again == fast
    chain = CompositeAnalyzer(*fast.items)
    assert [t.text for t in again("Running kernels")] == [t.text for t in chain("Running kernels")] == ["runn", "kernel"]
    assert fast.has_morph() and not name_analyzer().has_morph()
    with pytest.raises(TypeError):
        WordAnalyzer(*name_analyzer().items[:3])
