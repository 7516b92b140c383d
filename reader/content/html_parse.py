"""HTML text → BeautifulSoup tree, built straight from lxml's tree.

``BeautifulSoup(text, "lxml")`` runs the same libxml2 parser, but feeds bs4 one event at a
time through several layers of Python (attribute copies, a tag stack, string buffers,
linkage fix-ups): a quarter of the cleaning time of a saved page. Here lxml builds its tree
in C and the bs4 tree is made from it in one walk, following bs4's own rules (the same
``Tag`` construction, string classes for <script>/<style>/<template>, whitespace-only
strings folded to one space or newline outside <pre>/<textarea>, comments, processing
instructions and the doctype as bs4 makes them). Anything unexpected falls back to
``BeautifulSoup(text, "lxml")``; tests/test_html.py compares both trees on every corpus page.
"""

from __future__ import annotations

import re
from typing import Any

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, ProcessingInstruction, Tag
from lxml import etree

_SPACES = "\x20\x0a\x09\x0c\x0d"  # bs4's BeautifulSoup.ASCII_SPACES
MAX_DEPTH = 240
_NOT_SPACE = re.compile(r"\S+")  # bs4's nonwhitespace_re
_DOCTYPE = re.compile(r"<!doctype", re.I)
_DOCTYPE_NAME = re.compile(r"<!doctype\s+([^\s>]+)", re.I)
_AFTER_HTML = re.compile(r"</html\s*>((?:\s|<!--.*?-->)*)\Z", re.I | re.S)
_TAIL_PIECE = re.compile(r"(\s+)|<!--(.*?)-->", re.S)
# The attributes libxml2 gives their own name as value when written bare (htmlBooleanAttrs).
_BOOLEAN = frozenset((
    "checked", "compact", "declare", "defer", "disabled", "ismap", "multiple", "nohref",
    "noresize", "noshade", "nowrap", "readonly", "selected",
))


def parse_html(text: str) -> BeautifulSoup:
    """The tree ``BeautifulSoup(text, "lxml")`` gives, made faster."""
    try:
        return _build(text)
    except Exception:  # any surprise: bs4's own way
        return BeautifulSoup(text, "lxml")


def _parse_lxml(text: str) -> Any:
    parser = etree.HTMLParser(recover=True, default_doctype=False)
    parser.feed(text)
    return parser.close()


def _build(text: str) -> BeautifulSoup:
    soup = BeautifulSoup("", "lxml")
    builder = soup.builder
    root = _parse_lxml(text) if text else None
    if root is None:
        return BeautifulSoup(text, "lxml")
    bare: dict[str, str] = {}

    def bare_boolean(name: str) -> str:
        """lxml's tree gives a bare ``defer`` the value "defer"; bs4 (from the parser's
        events) gives "". The source tells which was written, unless it has both."""
        if name not in bare:
            explicit = re.search(rf"\b{name}\s*=\s*[\"']?{name}\b", text, re.I)
            unvalued = re.search(rf"<[a-zA-Z][^<>]*?\s{name}(?![\w-])(?!\s*=)", text, re.I)
            if explicit and unvalued:
                raise ValueError("bare and valued boolean attributes: which is which is lost")
            bare[name] = name if explicit else ""
        return bare[name]

    protos: dict[str, dict[str, Any]] = {}
    cdata_lists = builder.cdata_list_attributes or {}
    universal = set(cdata_lists.get("*", set()))
    list_attrs: dict[str, set[str]] = {}
    list_class = builder.attribute_value_list_class

    def new_tag(name: str, attrs: Any, parent: Tag, previous: Any) -> Tag:
        """``Tag(soup, builder, name, None, None, attrs, parent, previous, namespaces=…)``,
        as bs4's parser makes it, without running its constructor for every element: what
        the constructor derives from the name and the builder is taken from a first tag of
        that name made by it."""
        proto = protos.get(name)
        if proto is None:
            made = Tag(soup, builder, name, None, None, attr_class(), None, None, namespaces=namespaces)
            proto = protos[name] = dict(made.__dict__)
        new = Tag.__new__(Tag)
        fields = dict(proto)
        fields["attrs"] = attrs
        fields["contents"] = []
        fields["parent"] = parent
        fields["previous_element"] = previous
        fields["next_element"] = None
        fields["next_sibling"] = None
        siblings = parent.contents
        fields["previous_sibling"] = siblings[-1] if siblings else None
        new.__dict__ = fields
        if previous is not None:
            previous.next_element = new
        if siblings:
            siblings[-1].next_sibling = new
        if name == "meta":
            builder.set_up_substitutions(new)  # <meta charset>: bs4 wraps the value
        return new

    containers = builder.string_containers
    preserve = builder.preserve_whitespace_tags
    namespaces = builder.active_namespace_prefixes[-1]
    attr_class = builder.attribute_dict_class
    # The most recent element, for next/previous_element (bs4 links the document's first
    # element to nothing before it, and the document to nothing after).
    last: list[Any] = [None]

    def link_string(parent: Tag, string: NavigableString) -> None:
        prev = last[0]
        siblings = parent.contents
        # What NavigableString's constructor and bs4's linking set, set at once.
        string.__dict__.update(
            hidden=False, parent=parent, previous_element=prev, next_element=None,
            previous_sibling=siblings[-1] if siblings else None, next_sibling=None,
        )
        if prev is not None:
            prev.next_element = string
        if siblings:
            siblings[-1].next_sibling = string
        siblings.append(string)
        last[0] = string

    def add_text(parent: Tag, data: str | None, cls: type, keep_spaces: bool) -> None:
        if data is None:
            return
        if not keep_spaces and not data.strip(_SPACES):
            data = "\n" if "\n" in data else " "
        link_string(parent, str.__new__(cls, data))

    # (lxml node, bs4 parent, string class for text inside, whitespace kept?)
    def walk(node: Any, parent: Tag, text_cls: type, keep: bool) -> None:
        stack: list[tuple[Any, Tag, type, bool, bool, int]] = [(node, parent, text_cls, keep, False, 0)]
        while stack:
            el, into, cls, keep_spaces, leaving, depth = stack.pop()
            if depth > MAX_DEPTH:
                # libxml2 builds no deeper (its limit is 256); its events, which bs4 reads, go on.
                raise ValueError("nesting deeper than lxml's tree keeps")
            if leaving:
                add_text(into, el.tail, cls, keep_spaces)
                continue
            tag = el.tag
            if tag is etree.Comment:
                add_text(into, el.text or "", Comment, keep_spaces)
                add_text(into, el.tail, cls, keep_spaces)
                continue
            if tag is etree.ProcessingInstruction:
                add_text(into, f"{el.target} {el.text or ''}", ProcessingInstruction, keep_spaces)
                add_text(into, el.tail, cls, keep_spaces)
                continue
            if not isinstance(tag, str) or tag.startswith("{"):
                raise ValueError("unexpected node")  # entities, namespaced tags: bs4 decides
            attrs = attr_class()
            if len(el.attrib):
                # bs4 splits class="a b" (and rel, headers, … by tag) into a list.
                lists = list_attrs.get(tag)
                if lists is None:
                    lists = list_attrs[tag] = universal | (cdata_lists.get(tag.lower()) or set())
                for k, v in el.attrib.items():
                    if k.startswith("{"):
                        raise ValueError("namespaced attribute")
                    if v == k and k in _BOOLEAN:
                        v = bare_boolean(k)
                    attrs[k] = list_class(_NOT_SPACE.findall(v)) if k in lists else v
            new = new_tag(tag, attrs, into, last[0])
            last[0] = new
            into.contents.append(new)
            inner_cls = containers.get(tag, cls)
            inner_keep = keep_spaces or tag in preserve
            stack.append((el, into, cls, keep_spaces, True, depth))  # its tail, after its children
            add_text(new, el.text, inner_cls, inner_keep)
            for child in reversed(el):
                stack.append((child, new, inner_cls, inner_keep, False, depth + 1))

    before = list(root.itersiblings(preceding=True))[::-1]
    after = list(root.itersiblings())
    docinfo = root.getroottree().docinfo
    found = _DOCTYPE.search(text[:4096])
    if found and docinfo.doctype:
        if "<!--" in text[:found.start()] or "<?" in text[:found.start()]:
            raise ValueError("comments before the doctype: their order is lost in lxml's tree")
        written = _DOCTYPE_NAME.match(text, found.start())  # bs4 keeps the name as written
        name = written.group(1) if written else docinfo.root_name
        pubid, system = docinfo.public_id, docinfo.system_url
        link_string(soup, str.__new__(Doctype, Doctype._string_for_name_and_ids(name, pubid, system)))
    elif docinfo.doctype:
        raise ValueError("a doctype the source does not show")
    if any(n.tag is not etree.Comment for n in before):
        raise ValueError("processing instructions before the root")
    for node in before:  # comments before <html>: bs4 keeps no spaces between them either
        add_text(soup, node.text or "", Comment, False)
    walk(root, soup, NavigableString, False)
    # After </html>: bs4 keeps the spaces between what follows (comments) as the document's
    # own strings; lxml's tree drops them, so they are read from the source.
    end = _AFTER_HTML.search(text)
    if end is None:
        if after:
            raise ValueError("nodes after the root, but not after </html>")
    else:
        pieces = list(_TAIL_PIECE.finditer(end.group(1)))
        if sum(1 for m in pieces if m.group(1) is None) != len(after) or any(n.tag is not etree.Comment for n in after):
            raise ValueError("what follows </html> is not as read")
        for m in pieces:
            if m.group(1) is None:
                add_text(soup, m.group(2), Comment, False)
            else:
                add_text(soup, m.group(1), NavigableString, False)
    soup._most_recent_element = last[0]
    return soup
