"""Authoring: the author's tools around a build.

Takes the same options as a build; `check` validates without writing and reports reading levels
(`readability`), `watch` rebuilds on every save, `serve` and `preview` show the handout in a browser
while it is written. Hands on findings and pages for the author, never outputs of their own.
"""
