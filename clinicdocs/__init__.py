"""Build branded PDF handouts and an accessible EPUB guide from clinic Markdown."""

__version__ = "0.1.0"
