"""The benchmark harness: ``python -m bench`` (not shipped in the wheel).

Every speed target of the product is measured here next to a reference
measured in the same run on the same machine, because a figure without its
reference says nothing about this machine. Three parts:

* the harness, the modules at this level: the run's settings (``config``),
  what a library size shares (``context``), the figure registry and the one
  module that loads the figures (``registry``, ``loader``), running them
  (``runner``, ``__main__``), the rows and their report (``results``,
  ``stats``, ``provenance``), and the instruments figures share (``reference``,
  ``pilot``, ``reader_timing``, ``peak_memory``, and the processes ``worker``,
  ``tui_start`` and ``bare_search``);
* :mod:`bench.corpora`, every input: libraries, generated briefings, claims;
* :mod:`bench.figures`, one module per figure, importing the two above only.

Kept free of imports so ``python -m bench.worker`` and friends start fast.
"""
