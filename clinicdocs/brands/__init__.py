"""Brands: a clinic's folder becomes a checked `Brand`.

Takes `layouts/brands/<id>/brand.toml`; validates it all at once against the schema (`schema`), checks
its colours' contrast (`contrast`), finds its font files and the fallbacks for other scripts
(`fonts`), and checks that the brand's fonts can draw a document's text (`glyphs`).
"""
