"""``reader clean FILE``: one raw page, cleaned, as Markdown or the JSON contract."""

from __future__ import annotations

from pathlib import Path

from reader.cli import output
from reader.paths import Library


def run_clean(library: Library, path: Path, *, as_json: bool = False) -> int:
    from reader.content import clean_file
    from reader.content.markdown_dump import to_markdown
    from reader.content.rules import load_rules

    try:
        article_id = library.article_id(path)
    except ValueError:  # not under the library's content/: the file's own name
        article_id = path.stem
    rules = load_rules(library.rules if library.rules.is_dir() else None)
    article = clean_file(path, article_id=article_id, rules=rules)
    if as_json:
        output.json(article.to_dict())
    else:
        output.prose(to_markdown(article))
        for warning in article.warnings:
            output.warning(output.name(warning))
    return 0
