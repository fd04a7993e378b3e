"""Searching the index: compile the query tree to Whoosh, bound the slow parts.

The package's face: :func:`run_search` (what the workspace calls),
:func:`compile_query`, snippets and their offsets as data (never markup),
and the bounds that keep any query's cost in check.
"""

from __future__ import annotations

from briefing_tui.core.search.query import QueryError

from .compile import (
    KEYWORD_FIELDS,
    NO_TERMS,
    PREFIX_LIMIT,
    PREFIX_LIMITS,
    PREFIX_SCAN,
    PREFIX_SCAN_BUDGET,
    PREFIX_SCANS,
    TYPING_PREFIX_LIMIT,
    ConstantUnion,
    QueryCompiler,
    compile_query,
    expand_prefix,
)
from .highlights import query_terms
from .postings import matching_docnums, posting_ids, warm_columns
from .results import SORTS, Hit, SearchResults, Snippet, SortKey
from .run import QUERY_BUDGET, RANK_TERMS, SCORED, TYPING_TIME_LIMIT, run_search
from .snippets import SNIPPET_CHARS, joined_runs, make_snippet, match_spans, snippet_for_ids

__all__ = [
    "KEYWORD_FIELDS",
    "NO_TERMS",
    "PREFIX_LIMIT",
    "PREFIX_LIMITS",
    "PREFIX_SCAN",
    "PREFIX_SCANS",
    "PREFIX_SCAN_BUDGET",
    "QUERY_BUDGET",
    "RANK_TERMS",
    "SCORED",
    "SNIPPET_CHARS",
    "SORTS",
    "TYPING_PREFIX_LIMIT",
    "TYPING_TIME_LIMIT",
    "ConstantUnion",
    "Hit",
    "QueryCompiler",
    "QueryError",
    "SearchResults",
    "Snippet",
    "SortKey",
    "compile_query",
    "expand_prefix",
    "joined_runs",
    "make_snippet",
    "match_spans",
    "matching_docnums",
    "posting_ids",
    "query_terms",
    "run_search",
    "snippet_for_ids",
    "warm_columns",
]
