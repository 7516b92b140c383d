"""``reader`` alone: the app on a terminal; piped, the library's articles, one a line."""

from __future__ import annotations

from reader.cli import output
from reader.errors import ReaderError, UsageError
from reader.paths import Library


def run_default(library: Library) -> int:
    from reader.content import clean_file
    from reader.paths import iter_content_files, refusal

    if not library.content.is_dir():
        raise UsageError(f"{library.content}: no content/ folder; run `reader where` to see the paths")
    if output.interactive():
        from reader.tui import run  # Textual is imported here only

        return run(library)
    count = 0
    for path in iter_content_files(library.content, follow_links=library.follow_links):
        why = refusal(path, library.content, library.follow_links)
        if why is not None:
            output.warning(f"{output.name(path)}: {why}")
            continue
        try:
            article = clean_file(path, article_id=library.article_id(path))
        except ReaderError as exc:
            output.warning(output.name(exc.message))
            continue
        if article.date:
            date = article.date.isoformat()[:10]
        else:  # an undated article at its approximate date, marked as such
            date = "≈" + article.approx_date.isoformat()[:10] if article.approx_date else ""
        output.out(f"{date:<11}  {output.name(article.id):<48} {output.one_line(article.title)}")
        count += 1
    output.out(f"{output.plural(count, 'article')} in {output.name(library.content)}")
    return 0
