"""Grouping: Whoosh's hits turned into what a search returns — ``ArticleHits`` per article
(comment and bookmark hits under their article, each article's ``total`` and ``omitted``), each
``Hit`` with its matched terms, title spans and snippet fragments (only for the hits shown), and
comment hits gathered into their threads (``Thread``) by walking ``parent`` up.

``SearchIndex.search`` (``reader.index.searching``) collects the hits and calls these.
"""

from __future__ import annotations

from reader.index.catalogue import Entry
from reader.index.counting import ArticleCounts
from reader.index.highlight import HIGHLIGHTER, lead, spans_in
from reader.index.matched import note_matched_terms
from reader.index.results import ArticleHits, Hit, Results, Thread


def _iso(value) -> str | None:
    if value is None:
        return None
    try:
        if value.hour == value.minute == value.second == value.microsecond == 0:
            return value.date().isoformat()
        return value.isoformat()
    except AttributeError:
        return str(value)


def group_hits(res, results: Results, rows: dict[str, Entry], limit: int, per_article: int | None,
               snippets: bool, per_doc: ArticleCounts) -> None:
    """Fill ``results`` from the Whoosh results ``res``: at most ``limit`` articles (``more``
    when there are others), ``per_article`` hits each (None: all), described from ``rows``
    (the catalogue; a hit's own title when its article is not there), and the matched terms;
    ``per_doc``: the matches per article id (each article's total, its "+N more")."""
    groups: dict[str, ArticleHits] = {}
    order: list[str] = []
    shown = []  # (group, whoosh hit) in result order
    taken: dict[str, int] = {}
    for hit in res:
        aid = hit["article"]
        g = groups.get(aid)
        if g is None:
            if len(order) == limit:
                results.more = True
                break
            order.append(aid)
            entry = rows.get(aid)
            g = groups[aid] = ArticleHits(
                article=aid,
                title=entry.title if entry else aid,
                site=entry.site if entry else "",
                date=entry.date if entry else None,
                author=entry.author if entry else "",
                comments_total=entry.comments if entry else 0,
            )
        g.score = max(g.score, float(hit.score or 0.0))
        if per_article is not None and taken.get(aid, 0) >= per_article:
            continue
        taken[aid] = taken.get(aid, 0) + 1
        shown.append((g, hit))
    else:
        # Every document in the top was used; more may lie beyond it.
        if len(order) == limit and len(res) > res.scored_length():
            results.more = True
    # Highlight only the hits shown: Whoosh loads character positions for every document
    # in ``top_n`` on the first highlight, so the top is cut down to them first.
    keep = {hit.docnum for _, hit in shown}
    res.top_n = [item for item in res.top_n if item[1] in keep]
    if not res.has_matched_terms():  # a search that kept every match: found for those shown now
        note_matched_terms(res, keep)
    for g, hit in shown:
        h = hit_of(hit, snippets)
        if h.kind == "article":
            g.hit = h
            if h.title and g.article not in rows:
                g.title = h.title
        elif h.kind == "comment":
            g.comments.append(h)
        else:
            g.bookmarks.append(h)
    results.articles = [groups[a] for a in order]
    totals = per_doc.of(order)
    for g in results.articles:
        shown_here = len(g.hits)
        g.total = max(totals[g.article], shown_here)
        g.omitted = g.total - shown_here
    terms: set[str] = set()
    for g in results.articles:
        for h in g.hits:
            terms.update(h.terms)
    results.terms = sorted(terms)


def thread_hits(searcher, results: Results) -> None:
    """Give each comment hit its thread root (walking ``parent`` up through the stored
    fields of the article's comment documents, looked up by id: a few per hit, cached for
    the search) and group each article's comment hits by thread."""
    known: dict[str, tuple[str, str, str, str | None]] = {}  # doc id → parent, title, author, date
    for g in results.articles:
        for h in g.comments:
            known[h.id] = (h.parent or "", h.title, h.author, h.date)

    def fields(aid: str, cid: str) -> tuple[str, str, str, str | None] | None:
        doc = f"{aid}#{cid}"
        if doc not in known:
            docnum = searcher.document_number(id=doc)
            if docnum is None:
                return None
            stored = searcher.stored_fields(docnum)
            known[doc] = (stored.get("parent") or "", stored.get("title", ""),
                          stored.get("author", ""), _iso(stored.get("date")))
        return known[doc]

    for g in results.articles:
        threads: dict[str, Thread] = {}
        for h in g.comments:
            root, seen = h.comment or "", set()
            while root and root not in seen:  # a cycle ends the walk where it closes
                seen.add(root)
                row = fields(g.article, root)
                parent = row[0] if row else ""
                if not parent or fields(g.article, parent) is None:
                    break  # a root, or a parent the article no longer has: a root too
                root = parent
            h.thread = root or None
            if not root:
                continue
            t = threads.get(root)
            if t is None:
                row = fields(g.article, root)
                t = threads[root] = Thread(root, *(row[1:] if row else ("", "", None)))
            t.hits.append(h)
        g.threads = list(threads.values())


def hit_of(hit, snippets: bool) -> Hit:
    """A Whoosh hit as a ``Hit``: its fields, matched terms, title spans and, when asked,
    snippet fragments (the body's lead when none matched)."""
    fields = hit.fields()
    kind = fields.get("kind", "article")
    doc = fields.get("id", "")
    article = fields.get("article", doc)
    comment = bookmark = None
    if kind == "bookmark":
        bookmark = doc[len(article) + 1:] if doc.startswith(article + "@") else doc
    elif kind == "comment" and "#" in doc:
        comment = doc[len(article) + 1:] if doc.startswith(article + "#") else doc.split("#", 1)[1]
    matched = hit.matched_terms() if hit.results.has_matched_terms() else []
    text_terms = sorted({t.decode("utf-8") for f, t in matched if f in ("body", "title")})
    h = Hit(
        id=doc,
        kind=kind,
        article=article,
        score=float(hit.score or 0.0),
        title=fields.get("title", ""),
        author=fields.get("author", ""),
        date=_iso(fields.get("date")),
        parent=(fields.get("parent") or None) if kind == "comment" else None,
        comment=comment,
        bookmark=bookmark,
        terms=text_terms,
    )
    title_terms = {t.decode("utf-8") for f, t in matched if f == "title"}
    if title_terms and h.title:
        # a title is a few words: its field's analyser over them, rather than the reading
        # pane's word pattern (a regex that takes ~5 ms to compile, in a search's process)
        h.title_spans = spans_in(h.title, title_terms, hit.results.searcher.schema["title"].analyzer)
    if snippets:
        body = fields.get("body", "")
        frags = []
        if body and any(f == "body" for f, _ in matched):
            try:
                frags = HIGHLIGHTER.highlight_hit(hit, "body", text=body, top=3, minscore=1)
            except Exception:  # a highlight must never cost the results
                frags = []
        if not frags:
            first = lead(body)
            frags = [first] if first else []
        h.fragments = frags
    return h
