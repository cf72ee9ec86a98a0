"""What a build request may ask for: the variants (`--only`) and this machine's share (`--shard`).

Kept apart from `plan` so that the command line's no-op fast path imports neither dataclasses nor typing.
"""

from __future__ import annotations

from ..errors import BuildError

PDF_VARIANTS = ("guide", "card", "large-print")
ALL_VARIANTS = PDF_VARIANTS + ("epub", "catalog")


def parse_only(value: str | None) -> tuple[str, ...]:
    """Return the variants `--only` asks for, all of them by default."""
    if not value:
        return ALL_VARIANTS
    wanted = tuple(v.strip() for v in value.split(",") if v.strip())
    if not wanted:
        raise BuildError(f"--only: name at least one variant ({', '.join(ALL_VARIANTS)})")
    unknown = [v for v in wanted if v not in ALL_VARIANTS]
    if unknown:
        raise BuildError(f"--only: unknown variant '{unknown[0]}' (choose from {', '.join(ALL_VARIANTS)})")
    return wanted


def parse_shard(value: str | None) -> tuple[int, int]:
    """Return `--shard K/N` as (K, N), 1 <= K <= N; (1, 1), the whole build, by default."""
    if value is None:
        return (1, 1)
    number, _, count = value.partition("/")
    if not (number.strip().isdigit() and count.strip().isdigit()):
        raise BuildError(f"--shard: write it as K/N, this machine's share K of N machines, e.g. 2/8 (got '{value}')")
    k, n = int(number), int(count)
    if n < 1:
        raise BuildError(f"--shard: N, the number of shards, must be at least 1 (got '{value}')")
    if not 1 <= k <= n:
        raise BuildError(f"--shard: K counts from 1 to N, so with N={n} choose K from 1 to {n} (got '{value}')")
    return (k, n)
