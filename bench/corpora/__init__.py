"""Every input the figures measure on: libraries, generated briefings, planted claims.

Nothing here measures anything; the harness (``bench/*.py``) measures and the
figures (:mod:`bench.figures`) say what. Kept apart so a figure that needs an
input another figure also uses imports it from here, never from that figure,
and so the tests that open the same documents (``tests/adversarial``) can
import them without the harness. Kept free of imports: each module is loaded
only by whoever needs it.

* :mod:`.words`: the word lists the synthetic corpus draws from;
* :mod:`.synthetic`: the deterministic synthetic library, cached outside the repository;
* :mod:`.bbc`: the optional real corpus (BBC News articles) as a library;
* :mod:`.reader_docs`: generated briefings of chosen sizes (reader, claims);
* :mod:`.hostile_docs`: pathological Markdown (reader-hostile);
* :mod:`.big_file`: a library with a 5 MB briefing and one over the size cap;
* :mod:`.planted_claims`: claims planted on a library or placed in a briefing;
* :mod:`.phrases`: the phrases the as-you-type figures type.
"""
