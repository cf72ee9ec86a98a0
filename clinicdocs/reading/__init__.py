"""Reading: from a folder of Markdown files to the document model.

Takes the source folder; finds the documents (`discover`), reads them safely and splits off their
front matter (`source`), parses the Markdown with one configured Python-Markdown (`tree`; what other
tools write is rewritten for it first: lists nested as CommonMark nests them by `lists` and `nesting`,
alerts, callouts, fenced divs and `<details>` by `dialects`, wiki links, breaks and picture sizes by
`inline`), applies the
content policy to links, pictures and raw HTML (`policy`, `rawhtml`) and runs the parser's passes
(`passes`, in the order `parse` lists them), handing on frozen `model.Document`s with every problem
and warning found.
"""
