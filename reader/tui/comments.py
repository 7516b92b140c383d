"""The comments pane: the thread as a tree, and the highlighted comment's text below it.

A ``Tree`` is fine here (threads are small); its labels are Rich ``Text`` built from sanitised
strings, never markup. A comment that quotes the article is marked ``❝``; highlighting it
asks the app (``QuoteSelected``) to scroll the reading pane to the passage.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from reader.content.anchor import Anchor
from reader.content.model import Article, Comment
from reader.tui import keys
from reader.tui.document import parse
from reader.tui.markdown_view import Head, MarkdownView
from reader.tui.sanitize import clean, one_line

QUOTE_MARK = "❝ "
PINGBACK_MARK = "↩ "
NEW_MARK = "new "  # a comment that came since the article was last opened


def comment_label(comment: Comment) -> Text:
    """`❝ author  2003-07-22  title` as plain Text (no markup is parsed)."""
    parts: list[tuple[str, str] | str] = []
    if comment.quotes:
        parts.append((QUOTE_MARK, "bold yellow"))
    if comment.kind == "pingback":
        parts.append((PINGBACK_MARK + "pingback ", "italic magenta"))
    author = one_line(comment.author) or "anonymous"
    parts.append((author, "bold"))
    if comment.date is not None:
        parts.append(("  " + comment.date.isoformat()[:10], "dim"))
    title = one_line(comment.title)
    if title:
        parts.append(("  " + title, ""))
    text = Text.assemble(*parts, no_wrap=True, end="")
    return text


def comment_head(comment: Comment) -> Head:
    meta = [one_line(comment.author) or "anonymous"]
    if comment.date is not None:
        meta.append(comment.date.isoformat(sep=" ")[:16])
    if comment.kind == "pingback":
        meta.append("pingback")
    if comment.quotes:
        meta.append(f"quotes {len(comment.quotes)} passage{'s' if len(comment.quotes) > 1 else ''}")
    return Head(title=one_line(comment.title), meta=" · ".join(meta))


class CommentTree(Tree[Comment], inherit_bindings=False):
    BINDINGS = keys.COMMENTS

    DEFAULT_CSS = """
    CommentTree {
        scrollbar-gutter: stable;
        overflow-x: hidden;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(Text("comments"), **kwargs)
        self.show_root = False
        self.auto_expand = False
        self.guide_depth = 3

    def process_label(self, label) -> Text:
        # Never parse a str as markup (Tree's default does).
        if isinstance(label, str):
            return Text(one_line(label), no_wrap=True, end="")
        return label

    def action_toggle_fold(self) -> None:
        node = self.cursor_node
        if node is not None and node.children:
            node.toggle()

    def action_fold_all(self) -> None:
        node = self.cursor_node
        top = node
        while top is not None and top.parent is not None and top.parent is not self.root:
            top = top.parent
        for child in self.root.children:
            child.collapse_all()
        if top is not None:
            self.move_cursor(top)

    def action_unfold_all(self) -> None:
        for child in self.root.children:
            child.expand_all()

    def action_next_hit(self) -> None:
        self.parent.body.action_next_hit()

    def action_previous_hit(self) -> None:
        self.parent.body.action_previous_hit()

    def action_next_new(self) -> None:
        """``.``: the next comment that is new since the last visit (round to the first)."""
        if not self.parent.next_new():
            self.notify("No new comments since the last visit", timeout=2, markup=False)

    def action_show_passage(self) -> None:
        node = self.cursor_node
        if node is not None and node.data is not None and node.data.quotes:
            self.post_message(CommentsPane.QuoteSelected(node.data, node.data.quotes[0]))
        else:
            self.app.bell()


class CommentsPane(Vertical):
    """The thread tree over a view of the highlighted comment's text."""

    DEFAULT_CSS = """
    CommentsPane {
        & > CommentTree { height: 1fr; }
        & > MarkdownView { height: 1fr; border-top: solid $secondary 50%; }
    }
    """

    class QuoteSelected(Message):
        """A comment quoting the article was highlighted: show its passage."""

        def __init__(self, comment: Comment, anchor: Anchor) -> None:
            super().__init__()
            self.comment = comment
            self.anchor = anchor

    class CommentHighlighted(Message):
        def __init__(self, comment: Comment | None) -> None:
            super().__init__()
            self.comment = comment

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.article_id: str | None = None
        self.nodes: dict[str, TreeNode[Comment]] = {}
        self.new: list[str] = []  # ids of the comments new since the last visit, in thread order
        # search hits to highlight in a comment's text: text → spans (set by the app)
        self.highlighter: Callable[[str], list[tuple[int, int]]] | None = None

    def compose(self) -> ComposeResult:
        yield CommentTree(id="comment-tree")
        yield MarkdownView(cursor=False, empty="", id="comment-body")

    @property
    def tree(self) -> CommentTree:
        return self.query_one(CommentTree)

    @property
    def body(self) -> MarkdownView:
        return self.query_one("#comment-body", MarkdownView)

    def show_article(self, article: Article | None, *, new: Collection[str] = ()) -> None:
        """The article's thread; the comments ``new`` (ids) are marked, ``.`` goes to them."""
        tree = self.tree
        tree.clear()
        self.nodes = {}
        new = set(new)
        self.new = [c.id for c in article.comments if c.id in new] if article is not None else []
        self.body.set_document(None)
        if article is None:
            self.article_id = None
            self.border_title = "Comments"
            return
        self.article_id = article.id
        comments = article.comments
        ids = {c.id for c in comments}
        children: dict[str | None, list[Comment]] = {}
        for c in comments:
            parent = c.parent if c.parent in ids and c.parent != c.id else None
            children.setdefault(parent, []).append(c)

        def label(c: Comment) -> Text:
            text = comment_label(c)
            return Text.assemble((NEW_MARK, "bold reverse green"), " ", text) if c.id in new else text

        def add(node: TreeNode[Comment], parent: str | None, depth: int) -> None:
            for c in children.get(parent, []):
                kids = children.get(c.id)
                if kids and depth < 200:
                    child = node.add(label(c), data=c, expand=True)
                    self.nodes[c.id] = child
                    add(child, c.id, depth + 1)
                else:
                    self.nodes[c.id] = node.add_leaf(label(c), data=c)

        add(tree.root, None, 0)
        quoting = sum(1 for c in comments if c.quotes)
        title = f"Comments {len(comments)}"
        if quoting:
            title += f" · ❝ {quoting}"
        if self.new:
            title += f" · {len(self.new)} new (.)"
        self.border_title = title
        self.body.empty_text = "No comments."
        if comments:
            # The cursor may already be on line 0 (the last article's): no highlight would
            # come, so the first comment is shown here.
            tree.move_cursor(None)
            tree.move_cursor_to_line(0)
            first = tree.cursor_node
            if first is not None and first.data is not None:
                self.show_comment(first.data)
        else:
            self.body.set_document(None)

    def select_comment(self, comment_id: str) -> bool:
        node = self.nodes.get(comment_id)
        if node is None:
            return False
        parent = node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        tree = self.tree
        _ = tree.last_line  # lay the lines out again: node.line is stale after clear/expand
        tree.move_cursor(node)
        if node.data is not None:
            self.show_comment(node.data)  # the cursor may not have moved: no highlight comes
        return True

    def next_new(self) -> bool:
        """Move to the first new comment after the cursor (in thread order, round to the
        first); False when there is none."""
        if not self.new:
            return False
        node = self.tree.cursor_node
        current = node.data.id if node is not None and node.data is not None else None
        order = [c.data.id for c in self.nodes.values() if c.data is not None]
        at = order.index(current) if current in order else -1
        rank = {cid: i for i, cid in enumerate(order)}
        news = sorted((cid for cid in self.new if cid in rank), key=rank.__getitem__)
        after = [cid for cid in news if rank[cid] > at]
        return bool(news) and self.select_comment((after or news)[0])

    def show_comment(self, comment: Comment) -> None:
        """The comment's text below the tree, the search's hits in it highlighted."""
        body = self.body
        body.set_document(parse(clean(comment.body, same_offsets=True)), comment_head(comment))
        if self.highlighter is not None:
            try:
                spans = self.highlighter(body.text)
            except Exception:
                spans = []
            if spans:
                body.set_highlights(spans)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        event.stop()
        comment = event.node.data
        if comment is None:
            return
        self.show_comment(comment)
        self.post_message(self.CommentHighlighted(comment))
        # Only a reader moving through the thread pulls the article to the quoted passage; the
        # cursor set when an article opens must not override its restored reading position.
        if comment.quotes and self.tree.has_focus:
            self.post_message(self.QuoteSelected(comment, comment.quotes[0]))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Coming to the thread shows the passage the comment under the cursor quotes.
        if event.widget is not self.tree:
            return
        node = self.tree.cursor_node
        comment = node.data if node is not None else None
        if comment is not None and comment.quotes:
            self.post_message(self.QuoteSelected(comment, comment.quotes[0]))

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        event.stop()
