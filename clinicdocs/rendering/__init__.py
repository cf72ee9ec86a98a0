"""Rendering: a document, a brand and a target become the output's bytes.

Takes the model and a brand; fills the Jinja2 templates of `layouts/` (`templates`), packs the pictures
in the brand's colours (`assets`), lays out the PDF with WeasyPrint (`pdf`, loaded through
`weasyload`, fetching only through `sandbox`), balances titles (`titles`), fits the card (`card`),
tags the PDF for PDF/UA while WeasyPrint writes it (`writer_tags`; `tags` afterwards with pikepdf
when it cannot; `rtl_text`, `actual_text`), writes the EPUB (`epub`) and its cover (`cover`) and the
clinic's shelf (`shelf`). `renderer` keeps the libraries loaded for many targets. Nothing is written
to the build folder here but caches.
"""
