"""The Textual-free core shared by the CLI, the TUI and the tests.

Nothing under this package may import Textual: a test imports it in a fresh
interpreter and fails if Textual got loaded.
"""
