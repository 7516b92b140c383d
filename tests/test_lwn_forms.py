"""One LWN page, every form it is saved in: the cleaner must read the same article from each.

Built from real pages: the six scraper dumps of ../shared/corpus/lwn (run-together Markdown with
a front matter) and the bundled LWN seeds (text with line breaks, Markdown with link syntax).
Each is reshaped the way other saving tools print pages — without the front matter, with the
Markdown marks stripped to plain text, collapsed onto one line, its paragraphs run together,
its headers in Markdown link form — and each form must give the same author, date, comments
(authors, dates, thread) and nearly the same body as the page as saved, with no chrome in it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from reader.content import Article, clean_file, clean_text, plain_text
from reader.content.evaluate import score

LWN = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "lwn"
CONTENT = Path(__file__).resolve().parents[1] / "content" / "lwn"
DUMPS = sorted(p.name for p in LWN.glob("lwn-*.md")) if LWN.is_dir() else []
needs_corpus = pytest.mark.skipif(not LWN.is_dir(), reason=f"LWN corpus not found at {LWN}")
_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
CHROME = ["Welcome to LWN.net", "to post comments", "Posted ", "[Link]", "responses)",
          "Eklektix", "News from the source", "Password:", "subscriber-only content"]


@lru_cache(maxsize=None)
def original(name: str) -> Article:
    return clean_file(LWN / name)


def shape(a: Article) -> list[tuple]:
    index = {c.id: i for i, c in enumerate(a.comments)}
    return [(c.author, c.date, index.get(c.parent) if c.parent else None) for c in a.comments]


def same_article(form: Article, saved: Article, *, title: bool = True, min_f1: float = 0.9) -> None:
    assert (form.author, form.date) == (saved.author, saved.date)
    if title:
        assert form.title == saved.title
    assert shape(form) == shape(saved)
    body = plain_text(form.body)
    assert score(plain_text(saved.body), body).f1 >= min_f1
    for chrome in CHROME:
        assert chrome not in body, chrome


# ── the forms ───────────────────────────────────────────────────────────────────────────────

def without_front_matter(text: str) -> str:
    return _FRONT.sub("", text)


def as_plain_text(text: str) -> str:
    """A text-only saver: no front matter, no Markdown heading marks."""
    return re.sub(r"(?m)#{1,6} ", "", without_front_matter(text))


def one_line(text: str) -> str:
    """Everything on one line, whitespace folded (a front matter kept apart, as tools do)."""
    m = _FRONT.match(text)
    head = m.group(0) + "\n" if m else ""
    return head + " ".join(text[m.end() if m else 0:].split())


# ── the six scraper dumps, reshaped ─────────────────────────────────────────────────────────

@needs_corpus
@pytest.mark.parametrize("name", DUMPS)
def test_without_front_matter(name: str) -> None:
    raw = (LWN / name).read_text(encoding="utf-8")
    form = clean_text(without_front_matter(raw), source=name, form="markdown")
    # the title is only in the front matter of some dumps: the rest must hold
    has_heading = re.search(r"(?m)^# ", raw) is not None
    same_article(form, original(name), title=has_heading)


@needs_corpus
@pytest.mark.parametrize("name", DUMPS)
def test_as_plain_text(name: str) -> None:
    raw = (LWN / name).read_text(encoding="utf-8")
    form = clean_text(as_plain_text(raw), source=name.replace(".md", ".txt"), form="text")
    same_article(form, original(name), title=False)


@needs_corpus
@pytest.mark.parametrize("name", DUMPS)
def test_on_one_line(name: str) -> None:
    raw = (LWN / name).read_text(encoding="utf-8")
    form = clean_text(one_line(raw), source=name, form="markdown")
    same_article(form, original(name), min_f1=0.85)


@needs_corpus
def test_expected_comment_counts_hold_in_every_form() -> None:
    """The hand-checked counts of expected.yaml, in the forms above too."""
    expected = yaml.safe_load((LWN / "expected.yaml").read_text(encoding="utf-8"))["pages"]
    for name, exp in expected.items():
        raw = (LWN / name).read_text(encoding="utf-8")
        for text, form in ((raw, "markdown"), (as_plain_text(raw), "text"), (one_line(raw), "markdown")):
            a = clean_text(text, source=name, form=form)
            assert len(a.comments) == exp["comments"], (name, form)
            assert a.author == exp["author"], (name, form)
            assert a.date and a.date.isoformat()[:10] == exp["date"], (name, form)


# ── the bundled LWN seeds, reshaped the other way ──────────────────────────────────────────

SEED_002 = CONTENT / "2003-kernel-summit-high-availability.txt"
_HEADER = re.compile(
    r"^(?P<title>[^\n]+)\n\nPosted (?P<date>[^\n]+?) by (?P<author>\S+) \((?P<role>[^,]+), #(?P<num>\d+)\) \[Link\]$",
    re.M,
)


def run_together(text: str) -> str:
    """What the scrapers did: paragraphs joined with nothing between them, line breaks inside
    a paragraph kept, comment headers as `### TitlePosted …\\n byname(…)\\n [Link]`."""
    text = _HEADER.sub(
        lambda m: f"### {m['title']}Posted {m['date']}\n by{m['author']}({m['role']}, #{m['num']})\n [Link]",
        text,
    )
    return re.sub(r"\n[ \t]*\n+", "", text)


def test_seed_run_together_reads_as_the_seed() -> None:
    saved = clean_file(SEED_002)
    form = clean_text(run_together(SEED_002.read_text(encoding="utf-8")), source="x.md", form="markdown")
    assert len(form.comments) == len(saved.comments) == 10
    assert [(c.author, c.date) for c in form.comments] == [(c.author, c.date) for c in saved.comments]
    assert [c.title for c in form.comments] == [c.title for c in saved.comments]
    assert form.title == saved.title and form.series == saved.series == "2003 Kernel Developers' Summit"
    body = plain_text(form.body)
    assert score(plain_text(saved.body), body).f1 >= 0.9
    assert "Log in to post comments" not in body and "Posted" not in body
    # the repair put the paragraphs back: as many as the seed has, give or take its headings
    assert abs(len(form.body.split("\n\n")) - len(saved.body.split("\n\n"))) <= 2


def test_seed_headers_in_markdown_link_form_keep_the_thread() -> None:
    """`by **name** (…) [[Link](/Articles/N/)] ([2 responses](/Articles/N/))`: the counts in
    link form still give the thread."""
    saved = clean_file(SEED_002)
    rank = {c.id: n for n, c in enumerate(saved.comments)}
    parents = [rank[c.parent] if c.parent else None for c in saved.comments]
    subtree = [0] * len(parents)
    for p in parents:
        while p is not None:
            subtree[p] += 1
            p = parents[p]
    counts = iter(subtree)

    def md(m: re.Match[str]) -> str:
        k = next(counts)
        tail = f" ([{k} response{'s' if k != 1 else ''}](/Articles/{m['num']}/))" if k else ""
        return (f"### {m['title']}\n\nPosted {m['date']} by **{m['author']}** ({m['role']}, "
                f"#{m['num']}) [[Link](/Articles/{m['num']}/)]{tail}")

    text = _HEADER.sub(md, SEED_002.read_text(encoding="utf-8"))
    # every reply gets the same title, so only the counts can give the tree
    text = re.sub(r"(?m)^### .+$", "### Same title", text)
    form = clean_text(text, source="x.md", form="markdown")
    assert shape(form) == shape(saved)


# ── LWN HTML pages saved as text: a browser's "save as text" and a scraper's get_text ──────

from bs4 import BeautifulSoup  # noqa: E402

PAGES = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pages"
DATA = Path(__file__).resolve().parent / "data"
HTML_PAGES = [DATA / "lwn-2003-ha-comments-2007markup.html", DATA / "lwn-2003-ha-comments-2023markup.html",
              PAGES / "readability--lwn.net--lwn-1.html"]
_BLOCKS = "p div h1 h2 h3 h4 h5 h6 li tr table pre details summary blockquote ul ol center".split()


def browser_text(html: str) -> str:
    """Blocks on lines of their own between blank lines, <br> a line break, inline text as it
    flows: what a browser's "save as text" writes."""
    soup = BeautifulSoup(html, "lxml")
    for el in soup(["script", "style", "form"]):
        el.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for el in soup.find_all(_BLOCKS):
        el.insert(0, "\n\n")
        el.append("\n\n")
    for cell in soup.find_all(["td", "th"]):
        cell.append(" | ")
    return re.sub(r"\n\s*\n\s*", "\n\n", soup.get_text(""))


def scraper_text(html: str) -> str:
    """The run-together form of the scraper dumps: headings marked, blocks joined with nothing
    between them, the page source's own line breaks kept."""
    soup = BeautifulSoup(html, "lxml")
    for el in soup(["script", "style", "form"]):
        el.decompose()
    for h in soup.find_all(["h1", "h2", "h3", "h4"]):
        h.insert(0, "#" * int(h.name[1]) + " ")
    return soup.get_text("")


@pytest.mark.parametrize("page", HTML_PAGES, ids=lambda p: p.name)
@pytest.mark.parametrize("form", ["browser", "scraper"])
def test_html_page_saved_as_text(page: Path, form: str) -> None:
    if not page.is_file():
        pytest.skip(f"{page} is absent (../shared is not beside the project)")
    html = page.read_text(encoding="utf-8")
    saved = clean_file(page)
    text = browser_text(html) if form == "browser" else scraper_text(html)
    got = clean_text(text, source=page.stem + ".txt", form="text" if form == "browser" else "markdown")
    assert (got.title, got.author, got.date) == (saved.title, saved.author, saved.date)
    assert [(c.author, c.date, c.title) for c in got.comments] == [(c.author, c.date, c.title) for c in saved.comments]
    if "responses)" in text:  # the thread survives in text only through the response counts
        assert [c.depth for c in got.comments] == [c.depth for c in saved.comments]
    assert set(saved.tags) <= set(got.tags)
    body = plain_text(got.body)
    assert score(plain_text(saved.body), body).f1 >= 0.9
    for chrome in CHROME + ["Not logged in", "Log in now", "Create an account", "Return to the"]:
        assert chrome not in body, chrome
