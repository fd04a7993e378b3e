"""The benchmark harness: ``python -m bench`` (not shipped in the wheel).

Every speed target of the product is measured here next to a reference
measured in the same run on the same machine, because a figure without its
reference says nothing about this machine. Figures live in
:mod:`bench.figures` and register themselves (:mod:`bench.registry`).
Kept free of imports so ``python -m bench.worker`` and friends start fast.
"""
