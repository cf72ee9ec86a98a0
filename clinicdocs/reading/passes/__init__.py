"""The parser's passes: each takes the element tree and the parse's shared state, and does one thing.

`reading.parse.collect_document` calls them in order. A pass that changes the tree says so in its
docstring; one that only reads (and records findings) could run anywhere after the tree exists.
"""
