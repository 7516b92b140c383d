"""The look of a ``MarkdownView``: the component classes it draws with (the Markdown's own,
``md-*``, named by the spans of ``reader.tui.document``, and the view's, ``view--*``) and the
default CSS that styles them (the theme's colours, so every theme applies)."""

from __future__ import annotations

MD_CLASSES = {
    "md-h1", "md-h2", "md-h3", "md-h4", "md-h5", "md-h6", "md-p", "md-code", "md-html",
    "md-th", "md-td", "md-em", "md-strong", "md-strike", "md-link", "md-image",
    "md-code-block", "md-quote", "md-quote-bar", "md-bullet", "md-table-bar", "md-rule",
    "md-link-number",
}

VIEW_CLASSES = {
    "view--cursor-bar", "view--cursor", "view--mark", "view--hit", "view--hit-current",
    "view--passage", "view--title", "view--meta", "view--url", "view--tags", "view--empty",
    "view--bookmark", "view--selection",
}

# Component backgrounds are opaque theme colours: a partial style blends an alpha
# background against nothing (``$warning 80%`` came out darker than ``35%``).
MARKDOWN_VIEW_CSS = """
MarkdownView {
    scrollbar-gutter: stable;
    overflow-x: hidden;
    overflow-y: auto;
    & > .md-h1 { color: $accent; text-style: bold underline; }
    & > .md-h2 { color: $accent; text-style: bold; }
    & > .md-h3, & > .md-h4, & > .md-h5, & > .md-h6 { color: $secondary; text-style: bold; }
    & > .md-em { text-style: italic; }
    & > .md-strong { text-style: bold; }
    & > .md-strike { text-style: strike; }
    & > .md-link { color: $text-primary; text-style: underline; }
    & > .md-image { color: $text-secondary; text-style: italic; }
    & > .md-link-number { color: $text-muted; text-style: dim; }
    & > .md-code { color: $text-warning; background: $panel; }
    & > .md-code-block { color: $text-warning; }
    & > .md-html { color: $text-muted; }
    & > .md-quote { color: $text-muted; text-style: italic; }
    & > .md-quote-bar { color: $secondary; }
    & > .md-bullet { color: $accent; }
    & > .md-table-bar { color: $secondary; }
    & > .md-th { text-style: bold; }
    & > .md-rule { color: $secondary; }
    & > .view--cursor-bar { color: $accent; }
    & > .view--cursor { }
    & > .view--mark { color: $warning; }
    & > .view--hit { background: $warning-muted; }
    & > .view--hit-current { background: $warning; color: auto; text-style: bold; }
    & > .view--passage { background: $success-muted; }
    & > .view--bookmark { background: $primary-muted; }
    & > .view--selection { background: $accent-muted; text-style: underline; }
    & > .view--title { color: $text; text-style: bold; }
    & > .view--meta { color: $text-muted; }
    & > .view--url { color: $text-primary; }
    & > .view--tags { color: $text-secondary; }
    & > .view--empty { color: $text-muted; text-style: italic; }
}
"""
