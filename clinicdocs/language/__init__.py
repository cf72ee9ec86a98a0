"""Language: what depends on the words' language, as data and small functions.

Takes a language tag and text; hands on typographic quotes and dashes (`typography`), the hold-line
words and their matching (`holds`, `hold_lines.toml`), hyphenation dictionaries (`hyphenation`), the
layouts' words, dates and numbers from the message catalogs (`catalogs`), where words may break
(`typeset`) and the readability formulas with their syllable counts (`formulas`, `syllables`).
"""
