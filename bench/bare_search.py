"""The bare Whoosh script `briefing search` is compared with, as a process.

It opens the same index, parses the query with Whoosh's own parser and
prints ten titles: no library scan, no sync, no snippets. It imports
nothing from briefing-tui (run it as a file, not as part of the package).

    python bench/bare_search.py INDEX_DIR QUERY [LIMIT]
"""

import sys

from whoosh import index
from whoosh.qparser import QueryParser


def main() -> int:
    folder, text = sys.argv[1], sys.argv[2]
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    ix = index.open_dir(folder)
    with ix.searcher() as searcher:
        query = QueryParser("body", ix.schema).parse(text)
        hits = searcher.search(query, limit=limit)
        for hit in hits:
            print(hit["title"])
    return 0 if hits else 1


if __name__ == "__main__":
    sys.exit(main())
