"""The run-together signature's patterns, rewritten to start with what they match first (the
regex engine then skips to candidates): they find the same places as the look-behind-first
patterns they replace, on the seeds, the LWN corpus and generated text."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.content import runtogether

CONTENT = Path(__file__).resolve().parents[1] / "content"

# the patterns as first written (look-behind first): the specification
SPACED = re.compile(r"(?<=[a-z0-9]{2})[.!?][\"”’)]?[ \t]+(?=[A-Z])")
MIDLINE_HEADING = re.compile(r"(?<=[^\s#&\\])(?=#{2,6} +[^\s#])")


def same_places(text: str) -> None:
    assert [m.span() for m in runtogether._SPACED.finditer(text)] == [m.span() for m in SPACED.finditer(text)]
    assert [m.start() for m in runtogether._MIDLINE_HEADING_AT.finditer(text)] == \
        [m.start() for m in MIDLINE_HEADING.finditer(text)]


def test_seeds_and_corpus(shared_dir):
    files = [p for p in CONTENT.rglob("*") if p.is_file()]
    files += [p for p in (shared_dir / "corpus" / "lwn").rglob("*") if p.is_file()]
    assert len(files) > 5
    for path in files:
        same_places(path.read_text(encoding="utf-8", errors="replace"))


@given(st.lists(st.sampled_from(["#", "##", "### ", " ", "\t", "\n", "a", "ab", "9", "B", "&", "\\",
                                 ".", "!", "?", "”", ")", "x#"]), max_size=30).map("".join))
@settings(max_examples=500, deadline=None)
def test_generated_text(text):
    same_places(text)
