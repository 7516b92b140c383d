"""reader.content.comment_tree: the thread the comments' parent links make, on the seeds and
on hand-made (hostile) threads, and the one-line preview of a comment's text."""

from __future__ import annotations

from conftest import REPO_ROOT

from reader.content import clean_file
from reader.content.comment_tree import PREVIEW_CHARS, preview, thread_of
from reader.content.model import Comment


def test_the_seed_thread():
    article = clean_file(REPO_ROOT / "content" / "lwn" / "2003-kernel-summit-high-availability.txt")
    thread = thread_of(article.comments)
    by_author = {c.author: c for c in article.comments}  # (job twice: the later one wins)
    assert [c.author for c in thread.roots] == ["StevenCole", "stuart", "copsewood", "job", "ofranja"]
    assert thread.depth[by_author["iabervon"].id] == 2 and thread.depth[by_author["mmarq"].id] == 2
    assert thread.replies[by_author["copsewood"].id] == 2 and thread.replies[by_author["ofranja"].id] == 2
    assert thread.replies[by_author["StevenCole"].id] == 0


def test_a_deep_chain_and_a_loop_of_parents_never_recurse_or_hang():
    chain = [Comment(id="c0")] + [Comment(id=f"c{n}", parent=f"c{n - 1}") for n in range(1, 10_000)]
    thread = thread_of(chain)
    assert thread.depth["c9999"] == 9999 and thread.replies["c0"] == 9999
    loop = [Comment(id="a", parent="b"), Comment(id="b", parent="a"), Comment(id="s", parent="s")]
    thread = thread_of(loop)
    assert {c.id for c in thread.roots} == {"a", "s"} and thread.depth == {"a": 0, "b": 1, "s": 0}


def test_preview_is_the_comments_own_words_on_one_clean_line():
    reply = Comment(id="r", body="> You said **this**\n> and that.\n\nI *disagree*:\nit is [fine](http://x).")
    assert preview(reply) == "I disagree: it is fine."
    only_quote = Comment(id="q", body="> Quoted only")
    assert preview(only_quote) == "Quoted only"
    hostile = Comment(id="h", body="\x1b]52;c;aGk=\x07Hi \x1b[31mred\x1b[0m [@click=app.quit]x[/]\u202e!")
    text = preview(hostile)
    assert "\x1b" not in text and "\u202e" not in text and "[@click=app.quit]" in text
    assert len(preview(Comment(id="l", body="word " * 1000))) == PREVIEW_CHARS
