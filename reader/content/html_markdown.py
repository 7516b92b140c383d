"""HTML element → Markdown with ``markdownify``, after making the tree safe to convert.

markdownify recurses once per nesting level (about three Python frames a level), so a tree
deeper than ``MAX_DEPTH`` is flattened first; layout tables become plain blocks, so that only
data tables turn into Markdown tables; images go (a reader pane shows text).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from bs4 import NavigableString, Tag
import markdownify as md
from markdownify import ATX, BACKSLASH, MarkdownConverter

from reader.content.normalize import absolute_links

MAX_DEPTH = 120
_LAYOUT = ("table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption")
_DROP_SET = frozenset((
    "script", "style", "noscript", "template", "form", "button", "input", "select", "textarea",
    "iframe", "object", "embed", "svg", "canvas", "map", "link", "meta", "head", "title",
))


def flatten_deep(root: Tag, max_depth: int = MAX_DEPTH) -> tuple[int, int]:
    """Cut nesting below ``max_depth``: a too-deep element keeps only its text.

    Returns (elements cut, elements seen): the walk counts the tree for free."""
    cut: list[Tag] = []
    seen = 0
    stack: list[tuple[Tag, int]] = [(root, 0)]
    while stack:
        el, depth = stack.pop()
        seen += 1
        if depth >= max_depth:
            if any(isinstance(c, Tag) for c in el.contents):
                cut.append(el)
            continue
        stack.extend((c, depth + 1) for c in el.contents if isinstance(c, Tag))
    for el in cut:
        text = el.get_text("\n")
        # Detaching the children one level at a time keeps bs4 from recursing through them.
        for child in list(el.contents):
            child.extract()
        el.append(NavigableString(text))
    return len(cut), seen


_GUTTER = re.compile(r"^[\d\s]*$")


def code_tables(root: Tag) -> None:
    """Syntax highlighters lay code out as a table: a line-number cell and a <pre> cell.
    Keep the <pre> alone, so the code reads as a code block (here and for trafilatura).
    Only a table inside ``root`` whose every cell is a <pre> or line numbers qualifies."""
    # A walk, not find_all("pre"): bs4 builds a filter per call, and this runs per comment.
    for pre in [n for n in root.descendants if isinstance(n, Tag) and n.name == "pre"]:
        table = pre.find_parent("table")
        if table is None or getattr(table, "parent", None) is None or root not in table.parents:
            continue
        cells = table.find_all(["td", "th"])
        if not cells or len(cells) > 8 or table.find("table") is not None:
            continue
        if not all(c.find("pre") is not None or _GUTTER.match(c.get_text()) for c in cells):
            continue
        for block in [p for p in table.find_all("pre") if not _GUTTER.match(p.get_text())]:
            table.insert_before(block.extract())
        table.decompose()


def _is_data_table(table: Tag) -> bool:
    if table.find("table") is not None:
        return False
    rows = table.find_all("tr", limit=200)
    if len(rows) < 2:
        return False
    widths = [len(r.find_all(["td", "th"], recursive=False)) for r in rows]
    return max(widths, default=0) >= 2 and len(set(widths)) <= 2


def prepare(root: Tag) -> None:
    """Drop what never reads as text, number <ol> items, turn layout tables into blocks.

    One walk over the tree (bs4's find_all costs a filter object per call and per node, which
    adds up to seconds on a page of a few hundred thousand elements)."""
    code_tables(root)
    drop: list[Tag] = []
    spaces: list[NavigableString] = []
    lists: list[Tag] = []
    tables: list[Tag] = []
    for node in root.descendants:
        if isinstance(node, Tag):
            name = node.name
            if name in _DROP_SET:
                drop.append(node)
            elif name == "ol":
                lists.append(node)
            elif name == "table":
                tables.append(node)
        elif type(node) is NavigableString and ("\u00a0" in node or "\u202f" in node):
            spaces.append(node)
    for el in drop:
        if getattr(el, "parent", None) is not None:  # not inside one already dropped
            el.decompose()
    # markdownify keeps a space at an inline tag's edge only if it is " " (`<em>does&nbsp;</em>feel`).
    for string in spaces:
        if getattr(string, "parent", None) is not None:
            string.replace_with(string.replace("\u00a0", " ").replace("\u202f", " "))
    for ol in lists:
        if getattr(ol, "parent", None) is None:
            continue
        start = str(ol.get("start") or "1")
        n = int(start) if start.isdigit() else 1
        for li in ol.find_all("li", recursive=False):
            li["data-n"] = str(n)
            n += 1
    for table in reversed(tables):
        if getattr(table, "parent", None) is not None and not _is_data_table(table):
            for part in [table, *table.find_all(_LAYOUT)]:
                part.name = "div"
                part.attrs = {}


_SAFE_URL = "/:?#[]@!$&'*+,;=%~-._"


def _inside_pre(node: Tag) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.name == "pre":
            return True
        parent = parent.parent
    return False


def _no_pre(*args: Any, **kwargs: Any) -> None:
    """``find_parent`` of an element known to have no <pre> around it."""
    return None


class _Converter(MarkdownConverter):
    def process_tag(self, node: Tag, parent_tags: set[str] | None = None) -> str:
        # markdownify asks ``node.find_parent("pre")`` of every element to know whether to
        # fold newlines between its children: a bs4 filter built per element, a good part
        # of the conversion time. The same question, answered by walking up.
        if node.name != "pre" and _inside_pre(node):
            return super().process_tag(node, parent_tags)
        node.find_parent = _no_pre  # type: ignore[method-assign]
        try:
            return super().process_tag(node, parent_tags)
        finally:
            del node.find_parent

    def process_text(self, el: NavigableString, parent_tags: set[str] | None = None) -> str:
        # markdownify's own, but its two whitespace patterns run only on text that has
        # something for them (they cost a backtrack at every space of every text). The
        # converter never wraps (markdownify's `wrap` option), so that branch is left out.
        parent_tags = parent_tags or set()
        text = str(el) or ""
        if "pre" not in parent_tags:
            if "\n" in text or "\r" in text:
                text = md.re_newline_whitespace.sub("\n", text)
            if "\t" in text or "  " in text:
                text = md.re_whitespace.sub(" ", text)
        if "_noformat" not in parent_tags:
            text = self.escape(text, parent_tags)
        if md.should_remove_whitespace_outside(el.previous_sibling) or (
            md.should_remove_whitespace_inside(el.parent) and not el.previous_sibling
        ):
            text = text.lstrip(" \t\r\n")
        if md.should_remove_whitespace_outside(el.next_sibling) or (
            md.should_remove_whitespace_inside(el.parent) and not el.next_sibling
        ):
            text = text.rstrip()
        return text

    def convert_img(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        # Pictures go; a smiley drawn as an image is text (its alt, ";)").
        classes = " ".join(el.get("class") or [])
        if "smiley" in classes or "emoji" in classes:
            return str(el.get("alt") or "")
        return ""

    def convert_a(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        href = str(el.get("href") or "").strip()
        if href.lower().startswith(("javascript:", "data:", "vbscript:")):
            el.attrs.pop("href", None)
        elif href:
            # Spaces and parentheses would end a Markdown link target early.
            el["href"] = quote(href, safe=_SAFE_URL)
        el.attrs.pop("title", None)
        if not re.sub(r"[\s\\]", "", text):  # a link around an image or a <br> only
            return text if "\n" in text else ""
        # A <br> that ends the link's text ("TBEX Europe.<br>") would put a hard break
        # before "](": the link would no longer parse. The break goes after the link.
        core = text.rstrip(" \n")
        if core.endswith("\\") and not core.endswith("\\\\"):
            return super().convert_a(el, core[:-1].rstrip(), parent_tags) + "\\\n"
        return super().convert_a(el, text, parent_tags)

    def convert_li(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        # markdownify numbers an <ol> item by counting its previous siblings: quadratic in
        # the list's length. ``prepare`` numbered them once.
        text = (text or "").strip()
        while text.endswith("\\") and not text.endswith("\\\\"):
            text = text[:-1].rstrip()  # a <br> ending the item: no break (a "\" would show)
        if not text:
            return "\n"
        parent = el.parent
        if parent is not None and parent.name == "ol":
            bullet = f"{el.get('data-n') or 1}. "
        else:
            depth = sum(1 for p in el.parents if p.name == "ul") - 1
            bullet = "-*+"[max(depth, 0) % 3] + " "
        indent = " " * len(bullet)
        lines = text.split("\n")
        body = "\n".join([lines[0]] + [indent + line if line else "" for line in lines[1:]])
        return f"{bullet}{body}\n"

    def convert_pre(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if self.options.get("pre_prose"):
            return "\n\n" + _prose(el.get_text()) + "\n\n"
        return super().convert_pre(el, text, parent_tags)


def _prose(text: str) -> str:
    """A plain-text comment (LWN's ``<pre>``): paragraphs at blank lines, ``>`` lines quoted."""
    paras: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip("\n")):
        lines = [line.rstrip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.lstrip().startswith(">") for line in lines):
            paras.append("\n".join("> " + _escape(line.lstrip()[1:].strip()) for line in lines))
        else:
            # Prose the writer wrapped at ~72 columns reflows (soft breaks); other line
            # structure (code, lists, verse) keeps its breaks.
            wrapped = len(lines) > 1 and all(55 <= len(line) <= 80 for line in lines[:-1])
            paras.append(("\n" if wrapped else "\\\n").join(_escape(line.strip()) for line in lines))
    return "\n\n".join(paras)


def _escape(line: str) -> str:
    line = line.replace("\\", "\\\\").replace("*", r"\*").replace("_", r"\_")
    line = line.replace("[", r"\[").replace("<", r"\<").replace("`", r"\`")
    return _block_escape(line)


def to_markdown(el: Tag, base: str = "", *, pre_prose: bool = False) -> str:
    """The Markdown of ``el`` (modified in place: prepare it first), links absolute."""
    prepare(el)
    flatten_deep(el)
    converter = _Converter(heading_style=ATX, bullets="-", newline_style=BACKSLASH, pre_prose=pre_prose)
    md = _tidy_breaks(converter.convert_soup(el)).strip("\n")
    return absolute_links(md, base) if base else md


_BLOCK_SET = frozenset((
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "li", "ul", "ol",
    "dl", "dt", "dd", "table", "tr", "td", "th", "blockquote", "pre", "h1", "h2", "h3", "h4",
    "h5", "h6", "figure", "figcaption", "details", "summary", "br", "hr", "address",
))
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def plain_markdown(el: Tag) -> str:
    """Paragraphs of text, no markup: the bounded-time conversion for enormous pages.

    One iterative walk; a block element's start and end break the paragraph."""
    prepare(el)
    parts: list[str] = []
    stack: list[tuple[Any, bool]] = [(el, False)]
    while stack:
        node, leaving = stack.pop()
        if isinstance(node, Tag):
            block = node.name in _BLOCK_SET
            if leaving:
                if block:
                    parts.append("\n\n")
                continue
            if block:
                parts.append("\n\n")
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.contents))
        elif type(node) is NavigableString:
            parts.append(str(node))
    paras = (" ".join(p.split()) for p in "".join(parts).split("\n\n"))
    out = [_MD_SPECIAL.sub(r"\\\1", p) for p in paras if p]
    return "\n\n".join(_block_escape(p) for p in out)


def _block_escape(line: str) -> str:
    """A line of text that would start a heading, quote or list is escaped (``1\\.``, ``\\#``)."""
    line = re.sub(r"^(\d+)([.)])(\s)", r"\1\\\2\3", line)
    return re.sub(r"^([#>+-])(\s)", r"\\\1\2", line)


def _tidy_breaks(md: str) -> str:
    """Hard breaks (``\\`` line ends, from <br>) that end a block or repeat become plain
    paragraph breaks, and one left alone on its line (text, newline, <br>) joins the line
    before; a stray one would show as a backslash. Code blocks are left alone."""
    lines = md.split("\n")
    out: list[str] = []
    fence = False
    for i, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        if not fence and line.endswith("\\") and not line.endswith("\\\\"):
            following = lines[i + 1].strip() if i + 1 < len(lines) else ""
            if not line[:-1].strip():  # a lone break
                before = lines[i - 1] if i else ""
                if out and out[-1].strip() and not before.endswith("\\") and following and following != "\\":
                    out[-1] += "\\"
                    continue
                line = ""
            elif not following or following == "\\":
                line = line[:-1].rstrip()
        out.append(line)
    return "\n".join(out)
