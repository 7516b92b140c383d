"""The HTML cleaner: site rules, comments, Markdown conversion, dates, robustness.

The LWN comment fixtures (tests/data/lwn-2003-ha-comments-*.html) rebuild comments of
content/lwn/2003-kernel-summit-high-availability.txt in LWN's two comment markups, following
the markup described in the shared corpus README (no real page of either is in the corpus).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from bs4 import BeautifulSoup

from reader.content import clean_file, clean_text, plain_text
from reader.content.dates import parse_date
from reader.content.html_markdown import to_markdown
from reader.content.html_select import value
from reader.content.rules import RuleSet, load_rules

DATA = Path(__file__).resolve().parent / "data"
LWN_FIXTURES = ["lwn-2003-ha-comments-2007markup.html", "lwn-2003-ha-comments-2023markup.html"]
UTC = dt.timezone.utc


def clean(html: str, rules: RuleSet | None = None):
    return clean_text(html, source="page.html", rules=rules, form="html")


# ── LWN ──────────────────────────────────────────────────────────────────────────────────

# (id, parent, depth, author, title) of the fixture's comments, in document order.
LWN_THREAD = [
    ("comment-40932", None, 0, "StevenCole", "Calls to panic in the kernel."),
    ("comment-40943", None, 0, "stuart", "Internet Explorer is broke"),
    ("comment-40944", "comment-40943", 1, "fiberbit", "Internet Explorer is broke"),
    ("comment-40951", None, 0, "copsewood", "driver and device reliability authentication and DRM monoopolisation"),
    ("comment-40969", "comment-40951", 1, "ggoebel", "driver and device reliability authentication and DRM monoopolisation"),
    ("comment-40990", "comment-40969", 2, "iabervon", "driver and device reliability authentication and DRM monoopolisation"),
    ("comment-41702", "comment-40990", 3, "job", "Isn't that what we use?"),
    ("comment-41650", None, 0, "ofranja", "2003 Kernel Summit: High Availability"),
]


@pytest.mark.parametrize("fixture", LWN_FIXTURES)
def test_lwn_comment_thread(fixture: str) -> None:
    article = clean_file(DATA / fixture)
    got = [(c.id, c.parent, c.depth, c.author, c.title) for c in article.comments]
    assert got == LWN_THREAD
    assert {c.kind for c in article.comments} == {"comment"}
    assert article.comments[0].date == dt.datetime(2003, 7, 22, 3, 23, tzinfo=UTC)
    assert article.comments[6].date == dt.datetime(2003, 7, 31, 16, 20, tzinfo=UTC)


@pytest.mark.parametrize("fixture", LWN_FIXTURES)
def test_lwn_comment_bodies(fixture: str) -> None:
    comments = {c.id: c for c in clean_file(DATA / fixture).comments}
    # A plain-text comment (<pre>) becomes paragraphs, its "> " lines a quotation.
    first = comments["comment-40932"].body
    assert first.startswith("> Lars pointed out that there are over 1200 calls to panic() in the kernel.")
    assert "```" not in first
    assert 'panic("Foooooooood fight!");' in plain_text(first)
    assert "> Truly decentralised trust management is an inherently very\n> difficult thing to achieve" in comments["comment-40969"].body
    # The comment's text only: no poster line, no reply button, no replies.
    stu = comments["comment-40943"].body
    assert stu.startswith("I'm at work at the moment")
    assert "Stu." in stu and "Posted" not in stu and "Reply to this comment" not in stu
    assert "mixup of codepages" not in stu
    # Quoting the article links the comment to the passage.
    assert comments["comment-40932"].quotes and "1200 calls to" in comments["comment-40932"].quotes[0].exact


@pytest.mark.parametrize("fixture", LWN_FIXTURES)
def test_lwn_article_without_boilerplate(fixture: str) -> None:
    article = clean_file(DATA / fixture)
    assert article.title == "2003 Kernel Summit: High Availability"
    assert article.site == "LWN.net"
    assert article.author == "Jonathan Corbet"
    assert article.date == dt.date(2003, 7, 21)
    assert article.tags == ["Kernel", "High availability", "Kernel Summit/2003"]
    body = article.body
    assert body.startswith("Lars Marowsky-Brée presented the near-term needs")
    assert body.endswith("[the summit index](https://lwn.net/Articles/40931/).")
    for junk in ("Log in to post comments", "Index entries", "Weekly Edition", "Recent Features",
                 "Jonathan Corbet", "Calls to panic", "codepages", "Reply to this comment", "---"):
        assert junk not in body
    assert article.warnings == []


SUBSCRIBER_BOX = """<blockquote class="ad">
<b>Welcome to LWN.net</b>
<p>The following subscription-only content has been made available to you by an LWN
subscriber. Thousands of subscribers depend on LWN for the best news from the Linux and
free software communities. If you enjoy this article, please consider
<a href="/subscribe/">subscribing to LWN</a>. Thank you for visiting LWN.net!</p>
</blockquote>"""
FOOTER = """<br clear="all"><center><p><font size="-2">Copyright &copy; 2026, Eklektix, Inc.<br>
Comments and public postings are copyrighted by their creators.<br>
Linux is a registered trademark of Linus Torvalds<br></font></p></center>"""


def modern_lwn(*, guest: bool = False, og_url: bool = True) -> str:
    """The 2023-markup fixture dressed as lwn.net serves an article today: read through a
    subscriber link (canonical = SubscriberLink, og:url = /Articles/N/), a saving tool's
    <meta> author and date, the subscriber-link box, "[LWN subscriber-only content]", the
    poster line in div.AnnLine with statuses and "(K responses)", "Log in to post comments"
    split over a link, the copyright footer; ``guest``: a GAByline instead of the byline."""
    import re

    html = (DATA / "lwn-2003-ha-comments-2023markup.html").read_text(encoding="utf-8")
    head = ('<link rel="canonical" href="https://lwn.net/SubscriberLink/40931/4f1a2b3c5d6e7f80/">'
            '<meta name="author" content="hn_submitter">'
            '<meta property="article:published_time" content="2026-06-11T08:00:00Z">'
            '<meta property="og:title" content="Kernel Summit [LWN.net]">')
    if og_url:
        head += '<meta property="og:url" content="https://lwn.net/Articles/40931/">'
    html = html.replace("</head>", head + "</head>")
    html = html.replace('<div class="ArticleText">', '<div class="ArticleText">' + SUBSCRIBER_BOX
                        + "<h2>[LWN subscriber-only content]</h2>")
    if guest:
        html = re.sub(r'<div class="FeatureByline">.*?</div>', '<div class="GAByline"><p>July 21, 2003</p>'
                      '<p>This article was contributed by Lars Marowsky-Br&eacute;e</p></div>', html, flags=re.S)
    html = html.replace('<a href="/login?target=/Articles/40931/">Log in to post comments</a>',
                        '<a href="/Login/?target=/Articles/40931/">Log in</a> to post comments')
    statuses = iter(["\u272d supporter \u272d", "editor", "subscriber", "guest"] * 3)
    html = re.sub(r'<div class="CommentPoster">(.*?)\((guest|subscriber), (#\d+)\)(.*?)</div>',
                  lambda m: f'<div class="AnnLine"><p class="CommentPoster">{m.group(1)}({next(statuses)}, {m.group(3)})'
                  f'{m.group(4).replace("response)", "responses)")}</p></div>', html, flags=re.S)
    return html.replace("</td>\n</tr>", FOOTER + "</td>\n</tr>") if "</td>\n</tr>" in html else html.replace("</body>", FOOTER + "</body>")


@pytest.mark.parametrize("guest", [False, True])
def test_lwn_modern_article_page(guest: bool) -> None:
    page = modern_lwn(guest=guest)
    assert "blockquote class=\"ad\"" in page and "AnnLine" in page and "supporter" in page
    article = clean(page)
    # The page's own headline, byline and date beat the <meta> a saving tool left.
    assert article.title == "2003 Kernel Summit: High Availability"
    assert article.author == ("Lars Marowsky-Brée" if guest else "Jonathan Corbet")
    assert article.date == dt.date(2003, 7, 21)
    assert article.url == "https://lwn.net/Articles/40931/"
    assert article.tags == ["Kernel", "High availability", "Kernel Summit/2003"]
    body = article.body
    assert body.startswith("Lars Marowsky-Brée presented the near-term needs")
    assert body.endswith("[the summit index](https://lwn.net/Articles/40931/).")
    for junk in ("Welcome to LWN", "Thank you for visiting", "subscriber-only", "Index entries",
                 "to post comments", "Log in", "Reply to this comment", "Copyright", "Eklektix",
                 "copyrighted", "Torvalds", "contributed by", "responses", "hn_submitter"):
        assert junk not in body, junk
    got = [(c.id, c.parent, c.depth, c.author, c.title) for c in article.comments]
    assert got == LWN_THREAD  # statuses ("✭ supporter ✭", editor) stay out of the names
    assert all("responses" not in c.body and "Posted" not in c.body for c in article.comments)
    assert article.comments[0].date == dt.datetime(2003, 7, 22, 3, 23, tzinfo=UTC)


def test_lwn_subscriber_link_alone_gives_the_article_address() -> None:
    """Only the SubscriberLink address declared: /Articles/N/ is made from its number."""
    assert clean(modern_lwn(og_url=False)).url == "https://lwn.net/Articles/40931/"


def test_lwn_weekly_edition_from_the_corpus_shape() -> None:
    html = """<html><head><title>Weekly [LWN.net]</title></head><body><div class="PageHeadline">
    <h1>LWN.net Weekly Edition for March 26, 2015</h1></div><div class="ArticleText">
    <h2 class="SummaryHL"><a href="/Articles/637755/">A trademark battle</a></h2>
    <div class="FeatureByline">By <b>Nathan Willis</b><br>March 25, 2015</div>
    <p>The Arduino has been one of the biggest success stories.</p>
    <p><a href="/Articles/637755/#Comments">Comments (7 posted)</a></p></div></body></html>"""
    article = clean(html)
    assert article.title == "LWN.net Weekly Edition for March 26, 2015"
    assert article.author == "Nathan Willis"
    assert "Comments (7 posted)" not in article.body
    assert "[A trademark battle](https://lwn.net/Articles/637755/)" in article.body


# ── Parsing: the bs4 tree built from lxml's is bs4's own ──────────────────────────────────

def _tree(soup: BeautifulSoup) -> list[tuple]:
    """Every node in document order: its type, name or text, attributes, and neighbours."""
    from bs4 import Tag

    out: list[tuple] = [("doc", len(soup.contents), soup.next_element)]
    node = soup.contents[0] if soup.contents else None
    while node is not None:
        if isinstance(node, Tag):
            attrs = tuple((k, type(v).__name__, v if isinstance(v, str) else tuple(v)) for k, v in node.attrs.items())
            out.append(("tag", node.name, attrs, node.parent.name, len(node.contents), node.can_be_empty_element,
                        frozenset(t.__name__ for t in node.interesting_string_types or ())))
        else:
            out.append((type(node).__name__, str(node), node.parent.name))
        out.append((type(node.previous_sibling).__name__, type(node.next_sibling).__name__,
                    node.next_element is not None and node.next_element.previous_element is node))
        node = node.next_element
    return out


CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pages"
PARSE_PAGES = [DATA / f for f in LWN_FIXTURES] + sorted(CORPUS.glob("*.html"))[:40:4]


@pytest.mark.parametrize("page", PARSE_PAGES, ids=lambda p: p.name)
def test_parse_html_builds_the_tree_bs4_builds(page: Path) -> None:
    from reader.content.decode import decode
    from reader.content.html_parse import _build, parse_html

    text, _ = decode(page.read_bytes())
    assert _tree(parse_html(text)) == _tree(BeautifulSoup(text, "lxml"))
    if page.parent == DATA:  # the fast way itself, not its fallback
        assert _tree(_build(text)) == _tree(BeautifulSoup(text, "lxml"))


@pytest.mark.parametrize("html", [
    "", "<p>x", "<!DOCTYPE html><html><body><pre> \n </pre><p> </p></body></html>\n<!-- end -->\n",
    "<html><head><script>if (a < b) {}</script><style>p{}</style></head><body><template><b>t</b></template>"
    "<input disabled><option selected=selected>o</option><a rel='nofollow ugc' class=' a  b '>x</a><!----></body></html>",
    "<?xml version='1.0' encoding='utf-8'?><html><body>é</body></html>", "<svg><title>t</title></svg>",
])
def test_parse_html_odd_documents(html: str) -> None:
    from reader.content.html_parse import parse_html

    assert _tree(parse_html(html)) == _tree(BeautifulSoup(html, "lxml"))


# ── Selectors: html_css means what soupsieve means ──────────────────────────────────────

def _rule_selectors() -> list[str]:
    """Every CSS selector of the shipped rules' html sections (and a few harder ones)."""
    found: set[str] = {"div > p:first-child", "li:not(.x) a[href^='http']", "p ~ p", "h3 + div",
                       ":scope > summary .CommentTitle", "details:has(> summary)", "tr:last-child td"}

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, v in value.items():
                if key in ("select", "prev", "count", "item", "text", "drop", "body", "lead", "tags",
                           "title", "author", "date", "selector", "all", "exclude", "pingback", "script"):
                    for one in v if isinstance(v, list) else [v]:
                        if isinstance(one, str) and one and not one.startswith("@"):
                            found.add(one.rsplit("@", 1)[0] if "@" in one and "[" not in one.rsplit("@", 1)[1] else one)
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for rule in load_rules().rules:
        walk(rule.get("html") or {})
    return sorted(s for s in found if s.strip())


def test_html_css_selects_what_soupsieve_selects() -> None:
    from reader.content import html_css

    soup = BeautifulSoup((DATA / LWN_FIXTURES[1]).read_text(encoding="utf-8"), "lxml")
    items = soup.select("details.CommentBox, div.CommentBox")
    assert items
    checked = 0
    for css in _rule_selectors():
        try:
            expected = soup.select(css)
        except Exception:
            continue  # a field spec's "css@attr" cut wrongly: not a selector
        assert [id(e) for e in html_css.select(soup, css)] == [id(e) for e in expected], css
        for item in items[1:2]:  # scoped, as comment fields are read (a reply inside)
            assert [id(e) for e in html_css.select(item, css)] == [id(e) for e in item.select(css)], css
        checked += 1
    assert checked > 150
    # After elements are taken out, they are no longer found.
    first = items[0]
    first.extract()
    assert id(first) not in {id(e) for e in html_css.select(soup, "details.CommentBox, div.CommentBox")}
    assert [id(e) for e in html_css.select(soup, ".CommentTitle")] == [id(e) for e in soup.select(".CommentTitle")]


# ── WordPress ────────────────────────────────────────────────────────────────────────────

WP_SIBLING_CHILDREN = """<html><head><meta name="generator" content="WordPress.com">
<link rel="canonical" href="https://blog.example.com/2012/05/post/">
<meta property="og:site_name" content="Example Blog"><meta property="og:title" content="A post">
<meta property="article:published_time" content="2012-05-01T10:00:00+00:00"></head><body>
<div class="post"><h1 class="entry-title">A post</h1><div class="entry-content">
<p>The article text, long enough to be the body of this small post, which says nothing at all.</p>
<div class="sharedaddy"><h3>Share this:</h3><ul><li><a href="/share">Twitter</a></li></ul></div>
<div id="jp-post-flair"><p>Like this:</p><p><span>Loading...</span></p></div>
<p><a href="https://en.wordpress.com/about-these-ads/">About these ads</a></p>
</div></div>
<div id="comments"><h3>3 Responses to "A post"</h3><ol class="commentlist">
<li class="comment depth-1" id="comment-1"><cite>Ann</cite> Says:<br>
<small class="commentmetadata"><a href="#comment-1">1 May 2012 at 8:38 pm</a></small><p>First!</p></li>
<ul class="children">
<li class="comment depth-2" id="comment-2"><cite>Bob</cite> Says:<br>
<small class="commentmetadata"><a href="#comment-2">2 May 2012 at 9:00 am</a></small><p>Reply to Ann.</p></li>
</ul>
<li class="comment depth-1" id="comment-3"><cite>Cy</cite> Says:<br><p>Second thread.</p></li>
<li class="pingback" id="comment-4"><p>Pingback: <a class="url" href="https://other.example/x">Other post</a></p></li>
</ol>
<div id="respond"><h3>Leave a Reply</h3><form id="commentform"><textarea></textarea></form></div>
</div></body></html>"""


def test_wordpress_depth_classes_with_sibling_children() -> None:
    article = clean(WP_SIBLING_CHILDREN)
    got = [(c.id, c.parent, c.depth, c.author, c.kind) for c in article.comments]
    assert got == [
        ("comment-1", None, 0, "Ann", "comment"),
        ("comment-2", "comment-1", 1, "Bob", "comment"),
        ("comment-3", None, 0, "Cy", "comment"),
        ("comment-4", None, 0, "Other post", "pingback"),
    ]
    assert article.comments[0].body == "First!"  # "Says:" and the date line are not the text
    assert article.comments[1].date == dt.datetime(2012, 5, 2, 9, 0)
    assert article.title == "A post" and article.site == "Example Blog"
    assert article.date == dt.datetime(2012, 5, 1, 10, 0, tzinfo=UTC)
    assert article.body == "The article text, long enough to be the body of this small post, which says nothing at all."


def test_wordpress_boilerplate_is_gone() -> None:
    body = clean(WP_SIBLING_CHILDREN).body
    for junk in ("Share this", "Like this", "Loading", "About these ads", "Leave a Reply", "Responses", "First!"):
        assert junk not in body


# ── Hacker News (markup of the corpus page, reduced) ─────────────────────────────────────

def _hn_row(item: int, width: int, user: str, text: str) -> str:
    return (f'<tr class="athing comtr" id="{item}"><td><table border="0"><tr><td class="ind">'
            f'<img src="s.gif" height="1" width="{width}"></td><td class="default"><div><span class="comhead">'
            f'<a href="user?id={user}" class="hnuser">{user}</a> <span class="age" title="2019-01-17T16:56:52">'
            f'<a href="item?id={item}">12 days ago</a></span></span></div><br><div class="comment">'
            f'<span class="commtext c00">{text}</span><div class="reply"><p><a href="reply?id={item}">reply</a>'
            f"</p></div></div></td></tr></table></td></tr>")


def test_hackernews_parents_from_indentation() -> None:
    rows = [(1, 0, "a", "one"), (2, 40, "b", "two"), (3, 80, "c", "three"), (4, 40, "d", "four"), (5, 0, "e", "five")]
    html = ('<html><head><title>Story | Hacker News</title></head><body><center><table id="hnmain">'
            '<tr><td><table class="fatitem"><tr class="athing" id="9"><td class="title">'
            '<span class="titleline"><a href="https://example.com/s">Story</a></span></td></tr></table>'
            '<table class="comment-tree">' + "".join(_hn_row(*r) for r in rows) + "</table></td></tr></table></center></body></html>")
    article = clean(html)
    got = [(c.id, c.parent, c.depth, c.author, c.body) for c in article.comments]
    assert got == [
        ("item-1", None, 0, "a", "one"),
        ("item-2", "item-1", 1, "b", "two"),
        ("item-3", "item-2", 2, "c", "three"),
        ("item-4", "item-1", 1, "d", "four"),
        ("item-5", None, 0, "e", "five"),
    ]
    assert article.comments[0].date == dt.datetime(2019, 1, 17, 16, 56, 52)
    assert article.title == "Story" and article.site == "Hacker News"
    assert article.url == "https://news.ycombinator.com/item?id=9"


# ── A user's own rule ────────────────────────────────────────────────────────────────────

FORUM = """<html><head><link rel="canonical" href="https://forum.example.org/t/1"></head><body>
<div class="topic"><h2>Topic title</h2><div class="first">The opening post, with enough words.</div></div>
<div class="msg" data-level="0" data-id="7"><b class="who">ann</b><i>2020-03-04</i><div class="txt">Hello</div></div>
<div class="msg" data-level="1" data-id="8"><b class="who">bob</b><i>2020-03-05</i><div class="txt">Hi ann</div></div>
</body></html>"""

FORUM_RULE = {
    "name": "exampleforum",
    "html": {
        "match": {"host": [r"^forum\.example\.org$"]},
        "site": "Example Forum",
        "title": [".topic h2"],
        "body": [".topic .first"],
        "body_min": 1,
        "comments": {
            "item": ["div.msg"],
            "id": [{"select": "", "attr": "data-id", "template": "m{}"}],
            "author": [".who"],
            "date": ["i"],
            "text": [".txt"],
            "depth": [{"select": "", "attr": "data-level"}],
        },
    },
}


def test_a_user_rule_drives_the_cleaner() -> None:
    rules = RuleSet((FORUM_RULE, *load_rules().rules))
    article = clean(FORUM, rules)
    assert article.title == "Topic title" and article.site == "Example Forum"
    assert article.body == "The opening post, with enough words."
    assert [(c.id, c.parent, c.author, c.date, c.body) for c in article.comments] == [
        ("m7", None, "ann", dt.date(2020, 3, 4), "Hello"),
        ("m8", "m7", "bob", dt.date(2020, 3, 5), "Hi ann"),
    ]


def test_a_rule_reads_authors_and_dates_from_the_page_state_where_markup_shows_none() -> None:
    state = ('<script id="state">window.app = {"posts": [{"id": "p1", "user": {"name": "Ann"}, "ts": 1583280000},'
             ' {"id": "m7", "user": {"name": "not shown"}, "ts": 1583366400},'
             ' {"id": "m8", "user": {"name": "bob"}, "ts": 1583452800000}]};</script>')
    page = FORUM.replace('<b class="who">bob</b><i>2020-03-05</i>', "").replace("</body>", state + "</body>")
    rule = {"name": "exampleforum", "html": {**FORUM_RULE["html"], "data": {
        "script": "script#state", "author": ["user.name"], "date": "ts",
        "article": {"re": r"/t/(\d+)", "template": "p{}"}}}}
    article = clean(page, RuleSet((rule,)))
    got = [(c.id, c.author, c.date.isoformat() if c.date else None) for c in article.comments]
    # m7's markup names ann and dates it: the markup wins; m8 shows neither: the state fills
    # both (a number past 10^11 is milliseconds).
    assert got == [("m7", "ann", "2020-03-04"), ("m8", "bob", "2020-03-06T00:00:00+00:00")]
    assert (article.author, article.date.isoformat()) == ("Ann", "2020-03-04T00:00:00+00:00")


def test_a_broken_selector_in_a_rule_is_a_warning() -> None:
    bad = {"name": "bad", "html": {**FORUM_RULE["html"], "drop": ["div[", ".ok"]}}
    article = clean(FORUM, RuleSet((bad,)))
    assert any("bad CSS selector 'div['" in w for w in article.warnings)
    assert article.body == "The opening post, with enough words."


# ── Field specs, dates ───────────────────────────────────────────────────────────────────

def test_field_specs() -> None:
    soup = BeautifulSoup('<p><a name="CommAnchor12"></a></p><div id="x" class="c depth-3">'
                         '<span title="t">Text <b>bold</b></span></div>', "lxml")
    div = soup.select_one("div")
    assert value(div, "span") == "Text bold"
    assert value(div, "span@title") == "t"
    assert value(div, "@id") == "x"
    assert value(div, {"select": "", "attr": "class", "re": r"depth-(\d+)", "base": 1}) == "2"
    assert value(div, {"prev": "a[name^=CommAnchor]", "attr": "name", "re": r"(\d+)", "template": "c-{}"}) == "c-12"
    assert value(div, {"count": "body"}) == "1"
    assert value(div, ["nothing", "span b"]) == "bold"


@pytest.mark.parametrize(("text", "expected"), [
    ("Posted Jul 22, 2003 3:23 UTC (Tue) by", dt.datetime(2003, 7, 22, 3, 23, tzinfo=UTC)),
    ("19. Juni 2018 um 15:28 Uhr - Antworten", dt.datetime(2018, 6, 19, 15, 28)),
    ("Desember 30, 2015 at 4:36 am said:", dt.datetime(2015, 12, 30, 4, 36)),
    ("This entry was posted on 23 October 2012 at 8:14 pm and is filed", dt.datetime(2012, 10, 23, 20, 14)),
    ("2012-10-09 at 9:00 am", dt.datetime(2012, 10, 9, 9, 0)),
    ("March 25, 2015", dt.date(2015, 3, 25)),
    ("2019-01-17T16:56:52", dt.datetime(2019, 1, 17, 16, 56, 52)),
    ("19.06.2018", dt.date(2018, 6, 19)),
    ("12 days ago", None),
    ("Monday July 23, @08:24PM", None),
    ("version 2.3 of 2012", None),
])
def test_parse_date(text: str, expected: object) -> None:
    assert parse_date(text) == expected


def test_parse_date_with_a_known_year() -> None:
    assert parse_date("on Monday July 23, @08:24PM", year=2012) == dt.datetime(2012, 7, 23, 20, 24)


# ── Markdown conversion ──────────────────────────────────────────────────────────────────

def md(html: str, base: str = "https://example.com/a/b.html") -> str:
    return to_markdown(BeautifulSoup(html, "lxml").body, base)


def test_markdown_links_images_and_spaces() -> None:
    assert md('<p>See <a href="../c d.html">this</a>.</p>') == "See [this](https://example.com/c%20d.html)."
    assert md('<p><a href="x.png"><img src="x.png"></a>Text <img src="y.png" alt="y"></p>') == "Text"
    assert md('<p><a href="javascript:void(0)">click</a></p>') == "click"
    assert md("<p>growth <em>does\u00a0</em>feel</p>") == "growth *does* feel"
    assert md("<p>one<br>two<br></p>") == "one\\\ntwo"


def test_markdown_tables_and_lists() -> None:
    layout = md("<table><tr><td><p>Only a layout cell.</p></td></tr></table>")
    assert layout == "Only a layout cell."
    data = md("<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>")
    assert data.splitlines()[0] == "| a | b |" and "| 1 | 2 |" in data
    assert md('<ol start="3"><li>x</li><li>y</li></ol>') == "3. x\n4. y"


# ── Robustness ───────────────────────────────────────────────────────────────────────────

def test_ten_thousand_levels_of_nesting() -> None:
    html = "<html><body>" + "<div>" * 10_000 + "deep text" + "</div>" * 10_000 + "<p>after</p></body></html>"
    article = clean(html)
    assert "deep text" in article.body and "after" in article.body
    assert any("flattened" in w for w in article.warnings)
    assert not any("failed" in w for w in article.warnings)


@pytest.mark.slow
def test_a_huge_page_is_cleaned_whole() -> None:
    """An 8 MB page of one block (the time it takes: benchmarks/clean_speedup.py)."""
    para = "<p>" + "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 20 + '<a href="/x">link</a></p>\n'
    html = "<html><body><div>" + para * (8_000_000 // len(para)) + "</div></body></html>"
    article = clean(html)
    assert article.body.count("Lorem ipsum") > 100_000


@pytest.mark.slow
def test_a_page_of_countless_elements_falls_back_to_plain_paragraphs() -> None:
    html = "<html><body><article><ol>" + "<li>item text here</li>" * 120_000 + "</ol></article></body></html>"
    article = clean(html)
    assert any("plain paragraphs" in w for w in article.warnings)
    assert article.body.count("item text here") == 120_000


@pytest.mark.parametrize("html", ["", "<html>", "<p>only</p>", "<!-- x -->", "\x00<b>", "<table><td>x"])
def test_odd_input_never_raises(html: str) -> None:
    article = clean(html)
    assert not any("cleaner failed" in w for w in article.warnings)


# ── Pages no rule knows ──────────────────────────────────────────────────────────────────

GENERIC = """<html><head><title>Parsing things well | Some Blog</title>
<meta name="author" content="Ada Writer"><meta property="article:published_time" content="2021-04-05">
</head><body><nav><a href="/">Home</a> <a href="/about">About</a> <a href="/archive">Archive</a></nav>
<div class="wrap"><div class="main"><h1>Parsing things well</h1>
<p>Parsing is the first thing every program does with its input, and the thing most programs get
wrong in small ways that add up over the years of a project's life.</p>
<p>This article walks through a small parser written by hand, explaining each decision along the
way, and then compares it with a generated one to see what each approach costs.</p>
<pre><code>def parse(text):
    for line in text.splitlines():
        yield line.split("=", 1)
</code></pre>
<p>The loop above is the whole parser. It reads lines, splits each at the first equals sign, and
yields the pairs; everything else is error handling, which the next section adds step by step.</p>
<h2>Errors</h2>
<p>A line without an equals sign is an error the parser must report with its line number, because a
user who sees only "bad input" has to search the whole file for the mistake.</p>
<div class="share"><a href="https://twitter.com/share">Twitter</a> <a href="https://facebook.com/share">Facebook</a></div>
</div><aside><h3>Popular posts</h3><ul><li><a href="/p1">Ten things</a></li><li><a href="/p2">Eleven things</a></li></ul></aside></div>
<footer><p>Copyright 2021 Some Blog. All rights reserved.</p></footer></body></html>"""


def test_generic_page_keeps_its_own_markup() -> None:
    article = clean(GENERIC, RuleSet(()))
    body = article.body
    assert '```\ndef parse(text):\n    for line in text.splitlines():' in body
    assert "## Errors" in body
    assert body.rstrip().endswith("has to search the whole file for the mistake.")
    for junk in ("Home", "Popular posts", "Ten things", "Copyright", "Twitter"):
        assert junk not in body
    assert article.author == "Ada Writer"
    assert article.date == dt.date(2021, 4, 5)
    assert article.title == "Parsing things well"


def test_syntax_highlighter_tables_become_code_blocks() -> None:
    html = ('<div><p>Before.</p><table class="wp_syntax"><tr><td class="line_numbers"><pre>1\n2\n</pre></td>'
            '<td class="code"><pre class="javascript">var a = 1;\nvar b = 2;</pre></td></tr></table><p>After.</p></div>')
    assert md(html) == "Before.\n\n```\nvar a = 1;\nvar b = 2;\n```\n\nAfter."


def test_line_breaks() -> None:
    assert md("<p>passed\n  to the\n  <br/>\n<code>Request()</code> constructor</p>") == "passed\nto the\\\n`Request()` constructor"
    assert md("<p>a<br><br>b<br>c<br></p>") == "a\n\nb\\\nc"


_TAGS = ["p", "div", "a", "b", "pre", "table", "tr", "td", "li", "ol", "br", "img", "h2", "blockquote", "code"]


@given(st.lists(st.one_of(
    st.sampled_from([f"<{t}>" for t in _TAGS] + [f"</{t}>" for t in _TAGS]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20),
), max_size=60))
@settings(max_examples=60, deadline=None)
def test_any_tag_soup_cleans_without_failing(parts: list[str]) -> None:
    article = clean("<html><body>" + "".join(parts) + "</body></html>")
    assert not any("cleaner failed" in w for w in article.warnings)
    assert "\x00" not in article.body
