"""``Cancel``: a search stopped from another thread at its next match raises
``SearchCancelled`` (no results, no snippets); a search whose ``Cancel`` is never called is the
search without one."""

from __future__ import annotations

import pytest

from reader.index import SearchIndex
from reader.index import searching
from reader.index.searching import Cancel, SearchCancelled


def test_a_cancel_made_before_the_search_stops_it_before_matching(library):
    with SearchIndex(library.index) as ix:
        cancel = Cancel()
        cancel()
        with pytest.raises(SearchCancelled):
            ix.search("kernel", cancel=cancel)
        assert ix.search("kernel").total  # the index is fine, and the word is there


@pytest.mark.parametrize("time_limit", [searching.AUTO, None])
def test_a_cancel_during_the_matching_stops_it_at_the_next_match(library, monkeypatch, time_limit):
    collected = []
    cancel = Cancel()

    class CancelledAfterOne(searching.TimeLimitCollector):
        """Whoosh's collector, with the cancel called from "another thread" at the first match."""

        def collect_matches(self):
            child, collect = self.child, self.child.collect

            def counting(docnum):
                collected.append(docnum)
                if len(collected) == 1:
                    cancel()
                return collect(docnum)

            child.collect = counting
            try:
                return super().collect_matches()
            finally:
                child.collect = collect

    with SearchIndex(library.index) as ix:
        whole = ix.search("kernel", time_limit=None, per_article=None, limit=100)
        assert whole.total > 5
        monkeypatch.setattr(searching, "TimeLimitCollector", CancelledAfterOne)
        monkeypatch.setattr(searching, "BULK", False)  # Whoosh's matchers (test_search_bulk: the other way)
        with pytest.raises(SearchCancelled):
            ix.search("kernel", cancel=cancel, time_limit=time_limit)
        assert len(collected) == 1  # stopped at the next match, not at the end


def test_a_search_whose_cancel_is_never_called_is_the_search_without(library):
    with SearchIndex(library.index) as ix:
        for query in ("kernel", "linux*", '"high availability"', "in:comments patch"):
            for time_limit in (searching.AUTO, None):
                plain = ix.search(query, timeline=True, time_limit=time_limit).to_dict()
                with_cancel = ix.search(query, timeline=True, time_limit=time_limit, cancel=Cancel()).to_dict()
                plain.pop("seconds", None), with_cancel.pop("seconds", None)
                assert with_cancel == plain
