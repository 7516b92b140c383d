"""Placeholder: the HTML cleaner is being written."""
from __future__ import annotations

from reader.content.model import Article


def clean_html(text, rules, warnings) -> Article:
    from bs4 import BeautifulSoup
    from markdownify import markdownify

    soup = BeautifulSoup(text, "lxml")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    body = soup.body or soup
    return Article(title=title, body=markdownify(str(body)))
