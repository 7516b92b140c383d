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


# ── metadata precedence and title fallbacks, on the real LWN dumps (skip without ../shared) ──

import pytest  # noqa: E402

LWN_DIR = CONTENT.parents[1] / "shared" / "corpus" / "lwn"
AI_AGENT = LWN_DIR / "lwn-dump--ai-agent-runs-amok-fedora-2026.md"
STARDICT = LWN_DIR / "lwn-dump--stardict-x11-clipboard-2025.md"
needs_lwn = pytest.mark.skipif(not AI_AGENT.is_file(), reason=f"{LWN_DIR} is absent (../shared)")


def _front(text: str, **changes: str | None) -> str:
    """The dump with front-matter fields replaced (None removes one)."""
    head, body = text.split("\n---\n", 1)
    lines = head.split("\n")
    for key, value in changes.items():
        if key == "tags":  # its list items go with it
            lines = [ln for ln in lines if not ln.startswith("- ")]
        lines = [ln for ln in lines if not ln.startswith(f"{key}:")]
        if value is not None:
            lines.insert(1, f"{key}: {value}")
    return "\n".join(lines) + "\n---\n" + body


@needs_lwn
def test_an_aggregators_author_never_becomes_the_author():
    raw = AI_AGENT.read_text(encoding="utf-8")
    assert "author: tanelpoder" in raw and "ByJoe BrockmeierJune 10, 2026" in raw
    with_byline = clean_text(raw, source="a.md")
    assert with_byline.author == "Joe Brockmeier" and with_byline.date.isoformat() == "2026-06-10"
    # Without the byline the page names no author: the submitter is still not one.
    no_byline = clean_text(raw.replace("ByJoe BrockmeierJune 10, 2026", ""), source="a.md")
    assert no_byline.author == "" and no_byline.date is None
    # ... and the day it was shared is an approximate date at most, as is the first comment's
    assert no_byline.approx_date.isoformat()[:10] == "2026-06-10"
    assert "tanelpoder" not in no_byline.body and "hackernews" not in no_byline.tags


@needs_lwn
def test_a_saving_tools_own_author_and_date_fill_in_when_the_page_has_none():
    raw = AI_AGENT.read_text(encoding="utf-8").replace("ByJoe BrockmeierJune 10, 2026", "")
    mine = _front(raw, site_name="My notes", tags=None, author="Jane Reader", date="'2026-06-12'")
    a = clean_text(mine, source="a.md")
    assert a.author == "Jane Reader" and a.date.isoformat() == "2026-06-12" and a.approx_date is None


@needs_lwn
def test_a_file_name_title_is_the_last_resort():
    raw = AI_AGENT.read_text(encoding="utf-8")
    named = _front(raw, title="AI_agent_runs_amok_in_Fedora_and_elsewhere_LWN_net")
    # no heading in this dump, an /Articles/ url without a slug: the name, read as words
    assert clean_text(named, source="a.md").title == "AI agent runs amok in Fedora and elsewhere"
    # a page with its own heading: the heading wins
    star = _front(STARDICT.read_text(encoding="utf-8"), title="StarDict_sends_X11_clipboard_LWN_net")
    assert clean_text(star, source="s.md").title == "StarDict sends X11 clipboard to remote servers"
    # a url with a slug comes before the file-name-like title
    slugged = _front(raw, title="AI_agent_LWN_net", url="https://example.org/2026/06/agent-runs-amok-in-fedora/")
    assert clean_text(slugged, source="a.md").title == "Agent runs amok in Fedora"


def test_a_page_without_any_title_is_named_after_its_file():
    text = SEED_002.split("\n\n", 2)[2]  # no "LWN.net Logo", no title line
    a = clean_text(text, source="/x/2003-ks-high-availability-support.txt")
    assert a.title == "High availability support"
