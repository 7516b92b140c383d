"""Property tests (hypothesis) for the cleaner.

1. Cleaning never raises, whatever the text and whichever form it is cleaned as.
2. The Markdown ``reader clean`` prints reads back to the same article: cleaning it again
   changes neither the title, nor the body, nor the comments.
"""

from __future__ import annotations

import json
import os
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader.content import Article, clean_file, clean_text
from reader.content.markdown_dump import to_markdown
from reader.content.normalize import strip_controls

FORMS = ["html", "markdown", "text", None]  # None: sniffed from the content

# READER_PROPERTY_EXAMPLES=2000 for a longer hunt (CI hunts with 400 in a pass of its own);
# the default keeps `uv run pytest` quick.
PROPS = settings(
    max_examples=int(os.environ.get("READER_PROPERTY_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# ---------------------------------------------------------------------------- strategies

WORDS = st.sampled_from(
    "the kernel summit panel customer storage Linux Google café naïve déjà Ünïcödé 東京 "
    "don't it's (see) [note] *star* _under_ `tick` #hash >gt <lt &amp &lt; &#1072; a&b "
    "x|y ~tilde \\back 100% $5 1. 2) - + = == --- *** ... … “quoted” ‘single’ — – "
    "http://example.com/a?b=c /relative/path Posted UTC by Link responses Says: ;{} foo();".split()
)
INLINE_TEXT = st.lists(WORDS, min_size=1, max_size=14).map(" ".join)


def _sentence(words: list[str]) -> str:
    text = " ".join(words)
    return text[:1].upper() + text[1:] + "."


SENTENCE = st.lists(WORDS, min_size=3, max_size=18).map(_sentence)
PROSE_LINE = st.lists(SENTENCE, min_size=1, max_size=4).map(" ".join)
BULLET = st.tuples(st.sampled_from(["•", "-", "*", "+", "1.", "2)", "  ◦"]), INLINE_TEXT).map(" ".join)
QUOTE = st.tuples(st.sampled_from([">", "> >", ">>"]), INLINE_TEXT).map(" ".join)
CODE = st.sampled_from([
    "int main(void) {", "    return 0;", "}", "x = f(y);", "    if (a) {", "        b();", "    }",
])
HEADING = st.lists(st.sampled_from("Customer Panel Storage Summit Kernel Day Two Notes".split()),
                   min_size=3, max_size=6).map(" ".join)
ODD = st.sampled_from([
    "", " ", "\t", "* * *", "---", "===", "#", "# Not a heading", "**bold** words", "[x](y)",
    "<b>tag</b>", "<!-- comment -->", "1.", ">", "    ", "\u00a0", "\x1b[31mred\x1b[0m", "a\x00b",
    "````", "~~~", "|a|b|", "Index entries for this article", "to post comments",
])
LINE = st.one_of(PROSE_LINE, PROSE_LINE, BULLET, QUOTE, CODE, HEADING, ODD, INLINE_TEXT)
PARAGRAPH = st.lists(LINE, min_size=1, max_size=5).map("\n".join)

NAMES = st.sampled_from(["StevenCole", "corbet", "Ray", "a_b", "Jürgen"])
LWN_COMMENT = st.builds(
    lambda title, day, name, num, responses, body: (
        f"{title}\n\nPosted Jul {day}, 2003 3:23 UTC (Tue) by {name} (guest, #{num}) [Link]"
        + (f" ({responses} responses)" if responses is not None else "") + f"\n\n{body}"
    ),
    HEADING, st.integers(1, 28), NAMES, st.integers(1, 99999),
    st.one_of(st.none(), st.integers(0, 3)), PARAGRAPH,
)
WP_COMMENTS = st.builds(
    lambda title, entries: f"{len(entries)} Responses to “{title}”\n\n" + "\n\n".join(
        f"{name} Says:\n\nSeptember 8, 2011 at 10:0{i % 10} am\n\n    {body}"
        for i, (name, body) in enumerate(entries)
    ),
    HEADING, st.lists(st.tuples(NAMES, PROSE_LINE), min_size=1, max_size=4),
)
TEXT_DUMP = st.builds(
    lambda title, paras, comments: "\n\n".join([*title, *paras, *comments]),
    st.lists(HEADING, max_size=1),
    st.lists(PARAGRAPH, min_size=1, max_size=8),
    st.one_of(st.just([]), st.lists(LWN_COMMENT, min_size=1, max_size=5), WP_COMMENTS.map(lambda c: [c])),
)

# HTML-ish: tags, attributes, entities and text composed freely, closed or not.
TAGS = st.sampled_from([
    "p", "div", "span", "a", "b", "i", "em", "strong", "ul", "ol", "li", "table", "tr", "td", "th",
    "pre", "code", "blockquote", "h1", "h2", "h3", "br", "hr", "img", "script", "style", "article",
    "section", "header", "footer", "nav", "main", "title", "head", "body", "html", "meta", "form",
    "iframe", "svg", "math", "template", "x-unknown", "noscript", "sup", "dl", "dt", "dd", "figure",
])
ATTR = st.one_of(
    st.tuples(st.sampled_from(["href", "src"]), st.sampled_from([
        "http://example.com/x", "/rel/path", "javascript:alert(1)", "#frag", "data:,x", "", "a b(c)",
        "mailto:x@y", "//cdn.example/x", "../up",
    ])),
    st.tuples(st.sampled_from(["class", "id", "style", "title", "alt", "lang", "data-x"]),
              st.text(max_size=12)),
).map(lambda kv: f' {kv[0]}="{kv[1].replace(chr(34), "&quot;")}"')
ENTITY = st.sampled_from([
    "&amp;", "&lt;", "&gt;", "&quot;", "&nbsp;", "&#1072;", "&#x1F600;", "&#0;", "&#xD800;",
    "&#x110000;", "&bogus;", "&", "&#", "&#x;", "&copy", "&hellip;", "&mdash;",
])
HTML_TEXT = st.one_of(st.text(max_size=30), INLINE_TEXT, ENTITY)


def _element(tag: str, attrs: list[str], inner: list[str], closed: bool) -> str:
    return f"<{tag}{''.join(attrs)}>" + "".join(inner) + (f"</{tag}>" if closed else "")


HTML_NODE = st.recursive(
    HTML_TEXT,
    lambda children: st.builds(
        _element, TAGS, st.lists(ATTR, max_size=3), st.lists(children, max_size=5), st.booleans()
    ),
    max_leaves=40,
)
HTML_DOC = st.one_of(
    st.lists(HTML_NODE, max_size=6).map("".join),
    st.builds(
        lambda title, nodes: f"<!doctype html><html><head><title>{title}</title></head><body>{nodes}</body></html>",
        HTML_TEXT, st.lists(HTML_NODE, max_size=8).map("".join),
    ),
    st.lists(st.one_of(HTML_NODE, st.sampled_from(["<", ">", "</", "<!--", "-->", "<![CDATA[", "]]>", "<?x?>"])),
             max_size=10).map("".join),
)

# ---------------------------------------------------------------------------- invariants


def assert_sane(article: Article) -> None:
    """What every cleaned article satisfies, whatever went in."""
    assert isinstance(article, Article)
    data = article.to_dict()
    json.dumps(data)  # the JSON contract always serialises
    for key in ("id", "title", "author", "site", "url", "series", "summary", "body", "format"):
        assert isinstance(data[key], str), key
    assert article.format in ("html", "markdown", "text")
    for text in (article.title, article.author, article.site, article.series, article.summary):
        assert "\n" not in text and strip_controls(text) == text
    assert strip_controls(article.body) == article.body, "control characters left in the body"
    for w in article.warnings:
        assert isinstance(w, str) and "\n" not in w and w
    ids: set[str] = set()
    for c in article.comments:
        assert c.id and c.id not in ids
        assert c.parent is None or c.parent in ids, "a parent must come before its replies"
        ids.add(c.id)
        assert strip_controls(c.body) == c.body


def same_article(again: Article, first: Article) -> None:
    assert again.title == first.title
    assert again.body == first.body
    assert [(c.id, c.parent, c.author, c.title, c.body) for c in again.comments] == [
        (c.id, c.parent, c.author, c.title, c.body) for c in first.comments
    ]


# ---------------------------------------------------------------------------- never raises


@pytest.mark.parametrize("form", FORMS)
@PROPS
@given(text=st.text(max_size=3000))
@example(text="")
@example(text="\x00\x1b]0;title\x07\x9b31m")
@example(text=">" * 3000)
@example(text="<div>" * 3000)
def test_arbitrary_text_never_raises(form, text):
    assert_sane(clean_text(text, source="any.txt", form=form))


@pytest.mark.parametrize("form", FORMS)
@PROPS
@given(html=HTML_DOC)
def test_arbitrary_html_never_raises(form, html):
    assert_sane(clean_text(html, source="page.html", form=form))


@pytest.mark.parametrize("form", FORMS)
@PROPS
@given(text=TEXT_DUMP)
def test_text_dumps_never_raise(form, text):
    assert_sane(clean_text(text, source="dump.txt", form=form))


_WORD = re.compile(r"[A-Za-z0-9]+")


@PROPS
@given(text=st.lists(PARAGRAPH, min_size=1, max_size=6).map("\n\n".join))
def test_text_dumps_keep_every_word(text):
    """Turning a text dump into Markdown loses no word (list numbers included); only
    entities are decoded and control characters dropped."""
    article = clean_text(text, source="words.txt", form="text")
    out = "\n".join([article.title, article.body, *(f"{c.title} {c.author} {c.body}" for c in article.comments)])
    words_in = set(_WORD.findall(re.sub(r"&#?\w+;?", " ", strip_controls(text))))
    assert words_in <= set(_WORD.findall(out)), article.body


# ---------------------------------------------------------------------------- round trip


@PROPS
@given(text=TEXT_DUMP, form=st.sampled_from(["text", None]))
def test_printed_markdown_reads_back_the_same(text, form):
    first = clean_text(text, source="dump.txt", form=form)
    again = clean_text(to_markdown(first), source="dump.md")
    assert again.format == "markdown"
    same_article(again, first)


@PROPS
@given(text=st.text(max_size=2000))
def test_printed_markdown_of_any_text_reads_back_the_same(text):
    first = clean_text(text, source="any.txt", form="text")
    same_article(clean_text(to_markdown(first), source="any.md"), first)


@PROPS
@given(html=HTML_DOC)
def test_printed_markdown_of_html_reads_back_the_same(html):
    first = clean_text(html, source="page.html", form="html")
    same_article(clean_text(to_markdown(first), source="page.md"), first)


def test_seeds_read_back_the_same(seed_files):
    for path in seed_files:
        first = clean_file(path)
        again = clean_text(to_markdown(first), source=path.name + ".md")
        same_article(again, first)
        assert (again.author, again.date, again.tags, again.series, again.url) == (
            first.author, first.date, first.tags, first.series, first.url
        ), path
        # and a third time changes nothing either
        same_article(clean_text(to_markdown(again), source="third.md"), first)


def test_round_trip_keeps_comment_markers_out_of_bodies(seed_files):
    """The comments section markers never leak into the body or a comment."""
    for path in seed_files:
        again = clean_text(to_markdown(clean_file(path)), source="x.md")
        for text in (again.body, *(c.body for c in again.comments)):
            assert not re.search(r"<!-- reader:comments? ", text), path


# ---------------------------------------------------------------------------- LWN fragments

# Pieces of LWN pages as savers cut them (header parts, chrome, bylines, front matter), joined
# with any whitespace or none: the cleaner must neither raise nor fall back to raw text.
LWN_PIECES = st.sampled_from([
    "Posted", "Posted ", "Jun 10, 2026 16:06 UTC", "Jul 22, 2003 3:23 UTC", " (Wed)", "(Tue",
    " by", "by", "**alx.manpages**", "wtarreau", "(subscriber, #145117)", "(✭ supporter ✭, #75)",
    "(editor, #1)", "[Link]", "[[Link](/Articles/1/)]", "\\[Link\\]", " (12 responses)", "(1 response)",
    "([2 responses](/Articles/2/))", "### ", "#### ", "# ", "## ", "to post comments", "(Log in to post comments)",
    "### Welcome to LWN.netThe following subscription-only content has been made available to you",
    "Thank you\nfor visiting LWN.net!", "ByJoe BrockmeierJune 10, 2026", "By **Jonathan Corbet**  \nSeptember 8, 2007",
    "June 10, 2026This article was contributed by Jane Doe", "[Posted June 5, 2026 by corbet]",
    "Index entries for this articleKernelSystem calls/clone()", "Index entries for this article",
    "Copyright © 2026, Eklektix, Inc.", "Parent article: ", "LWN\n.net\n\nNews from the source", "User:", "|",
    "[LWN subscriber-only content]", "Not logged in", "Log in now", "A sentence ends.And another starts",
    "a mystery.#### \"Kind of erratic\"On May 27", "Hacked?Later on", "```", "\tcode();", "> quoted",
    "LWN.net Logo", "Some Title [LWN.net]", "https://lwn.net/SubscriberLink/1/abc/", "Cheers,Wol",
])
FRONT = st.builds(
    lambda keys: "---\n" + "".join(f"{k}: {v}\n" for k, v in keys) + "---\n",
    st.lists(st.tuples(
        st.sampled_from(["title", "url", "site_name", "author", "date", "fetched_at", "tags", "description", "format"]),
        st.sampled_from(["hackernews_api", "hnrss", "Some_Title_LWN_net", "'2026-06-11'", "x", "[a, b]",
                         "https://lwn.net/SubscriberLink/1/abc/", "''", "{a: b}", "markdown", "-", "'2026-13-45'"]),
    ), max_size=6),
)
LWN_MIX = st.builds(
    lambda front, pieces: front + "".join(pieces),
    st.one_of(st.just(""), FRONT),
    st.lists(st.one_of(LWN_PIECES, INLINE_TEXT, SENTENCE,
                       st.sampled_from(["", " ", "\n", "\n\n", "\n \n"])), max_size=60),
)


@pytest.mark.parametrize("form", ["markdown", "text", None])
@PROPS
@given(text=LWN_MIX)
@example(text="Posted Jun 10, 2026 16:06 UTC (Wed)\n by(subscriber, #1)\n [Link] (999 responses)")
@example(text="---\nsite_name: hackernews_api\nauthor: x\n---\nPosted Jun 10, 2026 16:06 UTC byme [Link]Parent article: ")
def test_lwn_fragments_never_break_the_cleaner(form, text):
    article = clean_text(text, source="lwn.md", form=form)
    assert_sane(article)
    assert not any("cleaner failed" in w for w in article.warnings), article.warnings
