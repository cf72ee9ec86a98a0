"""Planning: which outputs a build makes.

Takes the request (`--only`, `--shard`: `request`), the documents and the brands; hands on the targets
(`targets`): every document x brand x variant x paper and each brand's shelf files, each with its path.
"""
