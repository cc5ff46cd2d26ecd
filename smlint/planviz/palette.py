"""The plan picture's colours: one per mark, the same in a chart, its legend and the notes.
(``UNKNOWN`` is the hatch pattern the canvas defines.)"""

BAKE, TERMINATION, UNKNOWN = "#4c78a8", "#9ab6d3", "url(#unknown-hatch)"
TIMEOUT, HEADROOM, OVERRUN, APPLY = "#d62728", "#54a24b", "#d62728", "#8e44ad"
INK, MUTED, GRID, WARN = "#222222", "#555555", "#dddddd", "#b35900"
