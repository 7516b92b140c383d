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


@pytest.mark.parametrize("which", ["seeds_index", pytest.param("synth_index", marks=pytest.mark.slow)])
def test_two_word_phrases_skip_and_start_where_whooshs_do(which, request):
    """``skip_to`` jumps the walk (no positions checked on the way) and a context's ``START``
    begins it there: each lands on the document Whoosh's phrase matcher lands on."""
    rng = random.Random(11)
    with SearchIndex(request.getfixturevalue(which)) as ix:
        checked = 0
        for sub, _offset in ix.searcher.leaf_searchers():
            last = sub.reader().doc_count_all()
            for a, b in _pairs(ix, 40):
                words = [t.text for t in ix.ix.schema["body"].analyzer(f"{a} {b}")]
                if len(words) != 2:
                    continue
                whoosh = wq.Phrase("body", words).matcher(sub, sub.context(needs_current=True))
                if not whoosh.is_active():
                    continue
                want = list(whoosh.all_ids())
                targets = sorted(rng.sample(range(last), min(last, 6)) + want[::3])
                ours = phrases.ExactPhrase("body", words).matcher(sub, sub.context(needs_current=True))
                assert isinstance(ours, phrases._PhraseMatcher)
                for target in targets:
                    expect = next((d for d in want if d >= target), None)
                    if not ours.is_active():
                        assert expect is None
                        break
                    if ours.id() < target:
                        ours.skip_to(target)
                    assert (ours.id() if ours.is_active() else None) == expect, (words, target)
                    started = phrases.ExactPhrase("body", words).matcher(
                        sub, sub.context(needs_current=True).set(**{phrases.START: target}))
                    assert (started.id() if started.is_active() else None) == expect, (words, target)
                    checked += 1
        assert checked > 30
