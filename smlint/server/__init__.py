"""``smlint server``: a language server (LSP over standard input and output, on pygls), so
that editors show smlint's findings as one types, offer its fixes and suppressions as code
actions, and the API's documentation on hover.

Modules: ``protocol`` (the LSP wiring), ``session`` (open documents, debounce, context
between files), ``worker`` (the lint process), ``linting`` (the one door into smlint's lint
API), ``diagnostics`` (findings as diagnostics, positions), ``actions``, ``hover``.
"""

from __future__ import annotations


def main() -> None:
    from .protocol import serve

    serve()
