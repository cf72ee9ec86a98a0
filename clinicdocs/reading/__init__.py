"""Reading: from a folder of Markdown files to the document model.

Takes the source folder; finds the documents (`discover`), reads them safely and splits off their
front matter (`source`), parses the Markdown with one configured Python-Markdown (`tree`), applies the
content policy to links, pictures and raw HTML (`policy`, `rawhtml`) and runs the parser's passes
(`passes`, in the order `parse` lists them), handing on frozen `model.Document`s with every problem
and warning found.
"""
