"""The comments pane: the thread as a tree, and the highlighted comment's text below it.

A ``Tree`` is fine here (threads are small), but it draws its own rows (``render_line``):
the indentation is capped and a row is cut to the pane's width (``reader.tui.comment_rows``).
Rows are Rich ``Text`` built from sanitised strings, never markup. A comment that quotes the
article is marked ``❝``; highlighting it asks the screen (``QuoteSelected``) to scroll the
reading pane to the passage. When the article was opened from a search (``highlighter``),
the comments that match are marked ``●`` and ``n``/``N`` go from one to the next.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Collection

from rich.console import Console
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from reader.content.anchor import Anchor
from reader.content.comment_tree import Thread, preview, thread_of
from reader.content.model import Article, Comment
from reader.tui import keys
from reader.tui.comment_rows import RowInfo, comment_label, depth_mark, guides, indent_levels
from reader.tui.document import parse
from reader.tui.markdown_view import Head, MarkdownView
from reader.tui.sanitize import clean, one_line

__all__ = ["CommentTree", "CommentsPane", "comment_head", "comment_label"]


def comment_head(comment: Comment) -> Head:
    meta = [one_line(comment.author) or "anonymous"]
    if comment.date is not None:
        meta.append(comment.date.isoformat(sep=" ")[:16])
    if comment.kind == "pingback":
        meta.append("pingback")
    if comment.quotes:
        meta.append(f"quotes {len(comment.quotes)} passage{'s' if len(comment.quotes) > 1 else ''}")
    return Head(title=one_line(comment.title), meta=" · ".join(meta))


MAX_NESTING = 150  # levels of Tree nodes at most (its layout recurses)
TOGGLE = Style.from_meta({"toggle": True})  # a click on the fold mark folds (as in Tree)
NEW_MARK = "new "  # a comment that came since the article was last opened (``.`` goes to it)
NEW_STYLE = Style(bold=True, reverse=True, color="green")
# Only turns a row's Text into segments (its style names into styles): writes nowhere.
_SEGMENTS = Console(file=io.StringIO(), width=1000, legacy_windows=False)


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
        self.thread = Thread()
        self.article_title = ""
        self.matched: set[str] = set()  # ids of the comments the search matches
        self.new: set[str] = set()  # ids of the comments new since the last visit
        self._previews: dict[str, str] = {}  # made when a row is first drawn
        self._rows: dict[tuple, Strip] = {}  # drawn rows, by what they show (see render_line)

    def show_thread(self, thread: Thread, article_title: str = "") -> None:
        self.thread = thread
        self.article_title = one_line(article_title)
        self.matched = set()
        self._previews = {}
        self._rows = {}

    def mark(self, matched: set[str]) -> None:
        """Mark ``matched`` (comment ids) as matching the search."""
        self.matched = matched
        self._rows = {}
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._rows = {}  # a new theme: new colours

    def process_label(self, label) -> Text:
        # Never parse a str as markup (Tree's default does).
        if isinstance(label, str):
            return Text(one_line(label), no_wrap=True, end="")
        return label

    def get_label_width(self, node: TreeNode[Comment]) -> int:
        return 1  # rows are cut to the pane (render_line): no horizontal scrolling to size

    def row_info(self, node: TreeNode[Comment]) -> RowInfo:
        comment = node.data
        if comment is None:
            return RowInfo()
        text = ""
        title = one_line(comment.title)
        parent = node.parent.data if node.parent is not None else None
        answered = one_line(parent.title) if parent is not None else self.article_title
        # no title, or the one it answers (an LWN reply keeps its parent's): show its words
        if not title or title == answered:
            text = self._previews.get(comment.id)
            if text is None:
                text = self._previews[comment.id] = preview(comment)
        hidden = self.thread.replies.get(comment.id, 0) if node.allow_expand and not node.is_expanded else 0
        return RowInfo(preview=text, hidden=hidden, matched=comment.id in self.matched)

    def render_line(self, y: int) -> Strip:
        """One row: guides (capped), the depth past the cap, the fold mark, the label cut to
        the width. Tree's own rows indent without end and never cut a label."""
        width = self.scrollable_content_region.width
        line = y + int(self.scroll_offset.y)
        node = self.get_node_at_line(line)
        if node is None or node.data is None:
            return Strip.blank(width, self.rich_style)
        # what the row shows (the guides change only with the thread: show_thread clears it)
        key = (line, node.id, width, self.cursor_line == line, self.hover_line == line, self.has_focus,
               node.is_expanded, node.data.id in self.matched, node.data.id in self.new)
        strip = self._rows.get(key)
        if strip is None:
            if len(self._rows) > 2000:
                self._rows = {}
            strip = self._rows[key] = self._draw_row(node, line, width)
        return strip

    def _draw_row(self, node: TreeNode[Comment], line: int, width: int) -> Strip:
        base = self.rich_style
        line_style = base + Style(meta={"line": line})
        cap = indent_levels(width)
        lasts: list[bool] = []
        ancestor: TreeNode[Comment] | None = node
        while ancestor is not None and ancestor.parent is not None and ancestor.parent is not self.root:
            lasts.append(ancestor.is_last)
            ancestor = ancestor.parent
        lasts.reverse()
        row = Text(style=line_style, no_wrap=True, end="")
        guide_style = self.get_component_rich_style("tree--guides", partial=True)
        row.append(guides(lasts, cap), style=guide_style)
        row.append(depth_mark(self.thread.depth.get(node.data.id, len(lasts)), cap), style=guide_style)
        label_style = self.get_component_rich_style("tree--label", partial=True)
        if self.hover_line == line:
            label_style += self.get_component_rich_style("tree--highlight", partial=True)
        if self.cursor_line == line:
            label_style += self.get_component_rich_style("tree--cursor", partial=False)
        if node.allow_expand:
            row.append(self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE,
                       style=base + TOGGLE)
        if node.data.id in self.new:
            row.append(NEW_MARK, style=base + NEW_STYLE)
        label = comment_label(node.data, self.row_info(node))
        label.stylize(label_style)
        label.stylize(Style(meta={"node": node.id}))
        row.append_text(label)
        row.truncate(width, overflow="ellipsis")
        return Strip(list(row.render(_SEGMENTS)), row.cell_len).adjust_cell_length(width, line_style)

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
        self.parent.step_hit(1)

    def action_previous_hit(self) -> None:
        self.parent.step_hit(-1)

    def action_widen(self) -> None:
        self.post_message(CommentsPane.Resize(1))

    def action_narrow(self) -> None:
        self.post_message(CommentsPane.Resize(-1))

    def action_zoom(self) -> None:
        self.post_message(CommentsPane.Zoom())

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

    class Resize(Message):
        """``<`` / ``>``: the reader wants the pane wider (1) or narrower (-1)."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    class Zoom(Message):
        """``=``: the pane on the whole screen, or back beside the others."""

    class CommentHighlighted(Message):
        def __init__(self, comment: Comment | None) -> None:
            super().__init__()
            self.comment = comment

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.article_id: str | None = None
        self.nodes: dict[str, TreeNode[Comment]] = {}
        self.comments: list[Comment] = []  # in the thread's order (parents before replies)
        self.new: list[str] = []  # ids of the comments new since the last visit, in thread order
        self.shown: Comment | None = None  # the comment whose text is below the tree
        self._highlighter: Callable[[str], list[tuple[int, int]]] | None = None
        self._hits: tuple[str, set[str]] | None = None  # the search's comment hits: (article, ids)
        self._title = "Comments"

    @property
    def highlighter(self) -> Callable[[str], list[tuple[int, int]]] | None:
        """The search's hits in a text (text → spans), set by the screen when the article was
        opened from a search: they are highlighted in a comment's text, and the comments with
        any (in their text, title or author's name), and those the search found, are marked."""
        return self._highlighter

    @highlighter.setter
    def highlighter(self, value: Callable[[str], list[tuple[int, int]]] | None) -> None:
        self._highlighter = value
        if value is None:  # the search is over
            self._hits = None
        self._mark_matches()
        if self.shown is not None and self.is_mounted:  # its hits (or none) in the text shown
            self.show_comment(self.shown)

    def mark_hits(self, article_id: str, comment_ids: list[str]) -> None:
        """The comments the search found in ``article_id`` (a ``by:`` search has no words to
        highlight): marked as matching too, until the search ends."""
        self._hits = (article_id, set(comment_ids))
        self._mark_matches()

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
        self.nodes, self.comments, self.shown = {}, [], None
        new, self.new, tree.new = set(new), [], set()
        self.body.set_document(None)
        if article is None:
            self.article_id = None
            self.border_title = "Comments"
            return
        self.article_id = article.id
        comments = article.comments
        thread = thread_of(comments)
        tree.show_thread(thread, article.title)
        self.comments = []
        # parents before replies, without recursion; past MAX_NESTING levels replies are
        # drawn as their parent's siblings (Tree lays its lines out recursively). A node's
        # label is only its name: render_line draws the row.
        stack = [(tree.root, c, 0) for c in reversed(thread.roots)]
        while stack:
            node, c, nesting = stack.pop()
            if c.id in self.nodes:
                continue
            kids = [k for k in thread.kids(c.id) if k.id not in self.nodes]
            if kids and nesting < MAX_NESTING:
                child = self.nodes[c.id] = node.add(Text(one_line(c.author)), data=c, expand=True)
                stack.extend((child, k, nesting + 1) for k in reversed(kids))
            else:
                self.nodes[c.id] = node.add_leaf(Text(one_line(c.author)), data=c)
                stack.extend((node, k, nesting) for k in reversed(kids))
            self.comments.append(c)
        self.new = [c.id for c in self.comments if c.id in new]
        tree.new = set(self.new)
        quoting = sum(1 for c in comments if c.quotes)
        title = f"Comments {len(comments)}"
        if quoting:
            title += f" · ❝ {quoting}"
        if self.new:
            title += f" · {len(self.new)} new (.)"
        self.border_title = self._title = title
        self._mark_matches()
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
        rank = {c.id: i for i, c in enumerate(self.comments)}
        at = rank.get(current, -1) if current is not None else -1
        after = [cid for cid in self.new if rank[cid] > at]
        return self.select_comment((after or self.new)[0])

    def _mark_matches(self) -> None:
        """Mark the comments the search matches (``●``), and count them in the title."""
        if not self.is_mounted or self.article_id is None:
            return
        tree, match = self.tree, self._highlighter
        matched: set[str] = set()
        if self._hits is not None and self._hits[0] == self.article_id:
            matched |= self._hits[1] & set(self.nodes)
        if match is not None:
            for c in self.comments:
                try:
                    if c.id not in matched and (match(c.author) or match(one_line(c.title))
                                                or match(clean(c.body))):
                        matched.add(c.id)
                except Exception:  # a highlighter that fails marks nothing
                    continue
        tree.mark(matched)
        self.border_title = self._title + (f" · ● {len(matched)}" if matched else "")

    def step_hit(self, step: int) -> None:
        """``n``/``N`` in the tree: the next (previous) hit in the comment shown; past its
        last (first) one, the next (previous) comment the search matches, at its first (last)
        hit. Without matched comments, the hits of the comment shown go round."""
        body, matched = self.body, self.tree.matched
        count, index = body.hit_count, body.hit_index
        if count and 0 <= index + step < count:
            body.go_to_hit(index + step)
            return
        order = self.comments
        here = next((i for i, c in enumerate(order) if c is self.shown), -1)
        target = next((c for i in range(1, len(order) + 1)
                       if (c := order[(here + step * i) % len(order)]).id in matched), None)
        if target is None:
            if count:
                body.go_to_hit((index + step) % count)
            else:
                self.app.bell()
            return
        self.select_comment(target.id)
        if step < 0 and body.hit_count:
            body.go_to_hit(body.hit_count - 1)

    def show_comment(self, comment: Comment) -> None:
        """The comment's text below the tree, the search's hits in it highlighted."""
        self.shown = comment
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
        if comment is not self.shown:  # select_comment has shown it (and maybe moved to a hit)
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
