"""Two-word phrases (``reader.index.phrases._PhraseMatcher``): the same documents, scores and
matched terms as Whoosh's own phrase matcher, on the seeds and on a synthetic library of several
segments with deleted documents."""

from __future__ import annotations

import random
import re

import pytest
from whoosh import query as wq

from reader.index import SearchIndex, update
from reader.index import phrases
from test_index import make_library


@pytest.fixture(scope="module")
def seeds_index(tmp_path_factory):
    library = make_library(tmp_path_factory.mktemp("phr") / "seeds")
    update(library, jobs=1)
    return library.index


@pytest.fixture
def synth_index(synth_library):
    """The shared synthetic library (conftest): two segments, the first with deleted documents."""
    return synth_library.index


def _pairs(ix: SearchIndex, n: int = 120) -> list[tuple[str, str]]:
    """Adjacent word pairs from the stored bodies (so most phrases exist), frequent and rare."""
    rng = random.Random(3)
    out = set()
    stored = [f.get("body", "") for f in ix.searcher.all_stored_fields()]
    for body in rng.sample(stored, min(len(stored), 60)):
        words = re.findall(r"[A-Za-z]{3,}", body)
        for _ in range(4):
            if len(words) > 2:
                i = rng.randrange(len(words) - 1)
                out.add((words[i].lower(), words[i + 1].lower()))
    return sorted(out)[:n]


def _run(ix: SearchIndex, q: wq.Query):
    res = ix.searcher.search(q, limit=None, terms=True)
    return {hit.docnum: (hit.score, sorted(hit.matched_terms())) for hit in res}


@pytest.mark.parametrize("which", ["seeds_index", pytest.param("synth_index", marks=pytest.mark.slow)])
def test_two_word_phrases_match_and_score_as_whooshs(which, request):
    with SearchIndex(request.getfixturevalue(which)) as ix:
        reader = ix.searcher.reader()
        if which == "synth_index":
            assert reader.has_deletions() and len(list(reader.leaf_readers())) >= 2
        matched = 0
        for a, b in _pairs(ix) + [("kernel", "summit"), ("customer", "panel"), ("panel", "customer")]:
            for field in ("body", "title"):
                words = [t.text for t in ix.ix.schema[field].analyzer(f"{a} {b}")]
                if len(words) != 2:
                    continue
                ours = _run(ix, phrases.ExactPhrase(field, words))
                whoosh = _run(ix, wq.Phrase(field, words))
                assert ours == whoosh, (field, words)
                matched += len(ours)
        assert matched > 30


def test_two_word_phrases_use_the_walk_not_the_span_matcher(seeds_index, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("span matcher used")

    with SearchIndex(seeds_index) as ix:
        monkeypatch.setattr(phrases._ExactPhraseMatcher, "__init__", refuse)
        res = ix.search('"customer panel"', time_limit=None)
        assert res.total and "lwn/2004-kernel-summit-customer-panel" in {g.article for g in res.articles}
