"""Text and Markdown dumps in the shapes the seeds do not show: LWN's Markdown and run-together
comment headers, and a link aggregator's front matter over an article with its own byline.
Built from the real seed texts, reshaped the way those dumps print them."""

from __future__ import annotations

import re
from pathlib import Path

from reader.content import clean_text

CONTENT = Path(__file__).resolve().parents[1] / "content"
SEED_002 = (CONTENT / "lwn/2003-kernel-summit-high-availability.txt").read_text(encoding="utf-8")
SEED_001 = (CONTENT / "lwn/2007-ks-customer-panel.md").read_text(encoding="utf-8")
HEADER = re.compile(
    r"^(?P<title>[^\n]+)\n\nPosted (?P<date>[^\n]+?) by (?P<author>\S+) \((?P<role>[^,]+), #(?P<num>\d+)\) \[Link\]$",
    re.M,
)


def shape(a) -> list[tuple[str, str | None, str]]:
    index = {c.id: n for n, c in enumerate(a.comments)}
    return [(c.author, index.get(c.parent) if c.parent else None, c.date.isoformat()) for c in a.comments]


def test_markdown_comment_headers():
    """`Posted … by **name** (subscriber, #N) [[Link](…)]`, as a Markdown dump prints them."""
    plain = clean_text(SEED_002)
    md = HEADER.sub(
        lambda m: f"### {m['title']}\n\nPosted {m['date']} by **{m['author']}** ({m['role']}, "
        f"#{m['num']}) [[Link](/Articles/4{m['num']}/)]",
        SEED_002,
    )
    a = clean_text(md, form="markdown")
    assert len(a.comments) == 10
    assert shape(a) == shape(plain)
    assert a.comments[0].title == "Calls to panic in the kernel."
    assert "Posted" not in a.body and "[Link]" not in a.body


def test_run_together_headers_with_response_counts():
    """`### TitlePosted …\\n byname(…)\\n [Link] (K responses)`: parents from subtree counts."""
    plain = clean_text(SEED_002)
    parents = [p for _, p, _ in shape(plain)]
    subtree = [0] * len(parents)
    for n, p in enumerate(parents):
        while p is not None:
            subtree[p] += 1
            p = parents[p]
    counter = iter(subtree)
    # Each reply also gets a new title, so titles cannot be what links it to its parent.
    numbering = iter(range(1, 100))
    text = HEADER.sub(
        lambda m: f"### Comment {next(numbering)}Posted {m['date']}\n by{m['author']}({m['role']}, "
        f"#{m['num']})\n [Link] ({next(counter)} responses)",
        SEED_002,
    )
    a = clean_text(text, form="markdown")
    assert [c.title for c in a.comments] == [f"Comment {n}" for n in range(1, 11)]
    assert shape(a) == shape(plain)
    assert [c.depth for c in a.comments] == [c.depth for c in plain.comments]


def test_article_byline_wins_over_aggregator_front_matter():
    dump = (
        "---\ntitle: \"KS2007: The customer panel [LWN.net]\"\nauthor: somebody-who-shared-it\n"
        "date: 2026-11-01\nurl: https://lwn.net/Articles/248878/\ntags: [linux, shared]\n---\n\n"
        + SEED_001.split("\n", 1)[1]
    )
    a = clean_text(dump)
    assert a.title == "KS2007: The customer panel"
    assert a.author == "Jonathan Corbet"
    assert a.date.isoformat() == "2007-09-08"
    assert a.url == "https://lwn.net/Articles/248878/"
    assert {"Head Bubba", "Latency", "linux", "shared"} <= set(a.tags)
    assert "somebody-who-shared-it" not in a.body


def test_front_matter_fills_what_the_article_does_not_say():
    dump = "---\ntitle: A post\nauthor: Jane Writer\ndate: 2019-05-04\n---\n\n" + "Some text of the post. " * 20
    a = clean_text(dump)
    assert (a.title, a.author, a.date.isoformat()) == ("A post", "Jane Writer", "2019-05-04")
