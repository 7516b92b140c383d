"""The cleaner's version, apart from the cleaner: the index compares it on every update, which
should not import lxml, markdownify and ftfy to learn that nothing changed."""

# Bump when cleaning output changes: the index rebuilds what an older cleaner made.
CLEANER_VERSION = "5"  # 5: relative links made absolute against the origin record's url;
# 4: related-posts lists inside a post kept; 3: stable comment ids, the origin record's url
