"""Every hand-checked expectation of ../shared/corpus/lwn/expected.yaml, on every page in it.

The pages are real LWN.net articles as news scrapers saved them (front matter of the saving
tool, text run together, 5–42 comments). Skipped, with the reason, when the corpus is absent.
The thread shape is checked against a tree this test derives itself from the raw file's
"(K responses)" subtree counts, so the cleaner is not compared with its own reading.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from reader.content import Article, clean_file, plain_text

LWN = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "lwn"
EXPECTED = LWN / "expected.yaml"
pytestmark = pytest.mark.skipif(not EXPECTED.is_file(), reason=f"LWN corpus not found at {LWN}")

# The header regex of expected.yaml's own comment, with what follows it up to the next header.
_HEADER = re.compile(r"Posted [A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2} UTC \(\w{3}\)")
_RESPONSES = re.compile(r"\[Link\]\s*(?:\((\d+) responses?\))?")


def expectations() -> dict[str, dict]:
    if not EXPECTED.is_file():
        return {}
    return yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))["pages"]


@lru_cache(maxsize=None)
def cleaned(name: str) -> Article:
    return clean_file(LWN / name)


def _checks() -> list[tuple[str, str]]:
    return [(page, key) for page, exp in expectations().items() for key in exp]


def tree_from_responses(raw: str) -> list[int | None]:
    """Parent index per linked comment, from the "(K responses)" subtree counts in the file."""
    counts: list[int] = []
    for m in _HEADER.finditer(raw):
        tail = raw[m.end():m.end() + 200]
        link = _RESPONSES.search(tail)
        if not link or _HEADER.search(tail[: link.start()]):
            continue  # the viewed comment of a single-comment page has no [Link]
        counts.append(int(link.group(1) or 0))
    parents: list[int | None] = []
    stack: list[list[int]] = []
    for i, k in enumerate(counts):
        while stack and stack[-1][1] == 0:
            stack.pop()
        parents.append(stack[-1][0] if stack else None)
        for entry in stack:
            entry[1] -= 1
        stack.append([i, k])
    return parents


@pytest.mark.parametrize(("page", "key"), _checks())
def test_expectation(page: str, key: str) -> None:
    exp = expectations()[page][key]
    art = cleaned(page)
    body = plain_text(art.body)
    if key == "title":
        assert art.title == exp
    elif key == "author":
        assert art.author == exp
    elif key == "date":
        assert art.date is not None and art.date.isoformat()[:10] == exp
    elif key == "url":
        assert art.url == exp
    elif key == "comments":
        assert len(art.comments) == exp
    elif key == "comment_authors":
        assert [c.author for c in art.comments[: len(exp)]] == exp
    elif key == "comment_dates":
        got = [c.date.isoformat()[:10] if c.date else None for c in art.comments[: len(exp)]]
        assert got == exp
    elif key == "parents_from_responses":
        want = tree_from_responses((LWN / page).read_text(encoding="utf-8"))
        index = {c.id: i for i, c in enumerate(art.comments)}
        got = [index.get(c.parent) if c.parent else None for c in art.comments]
        assert got == want
        assert len(want) == len(art.comments)
    elif key == "tags_include":
        for tag in exp:
            assert any(tag == t or t.endswith(tag) for t in art.tags), (tag, art.tags)
    elif key == "body_contains":
        squashed = " ".join(body.split())
        for snippet in exp:
            assert " ".join(snippet.split()) in squashed, snippet
    elif key == "body_lacks":
        for snippet in exp:
            assert snippet not in body and snippet not in art.body, snippet
    else:  # a key this test does not know yet must not pass silently
        pytest.fail(f"unknown expectation key {key!r}")


def test_every_page_is_checked() -> None:
    pages = sorted(p.name for p in LWN.glob("lwn-*.md"))
    assert sorted(expectations()) == pages
