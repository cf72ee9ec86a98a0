"""The orchestrator: the stages of a build, in order."""

from __future__ import annotations

import errno
import importlib.util
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Sequence
from typing import TYPE_CHECKING, Callable

from .. import __version__
from ..brands.schema import Brand, find_brands, key_lines, load_brand, resolve_brand_arg
from ..reading.discover import BRAND_FILE, wiki_link_neighbours
from ..brands.glyphs import check_glyphs, fallback_inputs
from ..errors import BuildError, ConfigError, ErrorGroup, OutputsFailed, SourceError, display_path, format_location, raise_all
from ..brands.fallbacks import TABLE as FALLBACK_TABLE
from .manifest import Manifest
from .recorded import complete_shelves, stale_outputs
from ..storage.atomic import build_lock, commit, discard, remove_leftovers, stage, write_atomic
from ..storage.spill import Spill, Spilled
from ..planning.targets import ALL_VARIANTS, Target, in_shard, plan_targets
from ..reading.source import document_slug, find_documents
from .uptodate import PLAN_KEY, plan_key

if TYPE_CHECKING:
    from ..model import Document
    from ..rendering.renderer import Renderer



@dataclass(frozen=True)
class BuildOptions:
    """What to build and where, as the CLI or a test asks for it."""

    source: Path = Path("source")
    layouts: Path = Path("layouts")
    out: Path = Path("build")
    brands: tuple[str, ...] = ()
    only: tuple[str, ...] = ALL_VARIANTS
    force: bool = False
    strict: bool = False
    jobs: int = 1
    first_target_alone: bool = False
    first_output: Path | None = None  # render and write this output before the others (the preview's page)
    shard: tuple[int, int] = (1, 1)  # (K, N): build only the K-th of N shares of the (document, brand) pairs
    keep_stale: bool = False  # keep the outputs of handouts whose source is gone (by default the build removes them)


@dataclass
class BuildReport:
    """What a build did: outputs written and skipped, with details, and how long it took."""

    written: list[tuple[Target, str]] = field(default_factory=list)
    skipped: list[Target] = field(default_factory=list)
    left_out: list[Target] = field(default_factory=list)  # outputs the document turns off (card: false) or has nothing for
    left_out_why: dict[Path, str] = field(default_factory=dict)  # why, by output path, in a few words
    failed: list[tuple[Target, BuildError]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # `file:line: warning: message` lines
    removed: list[tuple[Path, Path]] = field(default_factory=list)  # (output, its document that is gone)
    notes: list[str] = field(default_factory=list)  # `file:line: note: message` lines: choices made for the author, never errors
    seconds: float = 0.0


Progress = Callable[[int, int, Target], None]
BatchDone = Callable[[list[Target]], None]


def build(
    options: BuildOptions, renderer: Renderer | None = None, progress: Progress | None = None, batch_done: BatchDone | None = None
) -> BuildReport:
    """Build every output that is out of date.

    1. Find the documents and the brands; validate every brand, and refuse one whose output folder
       another brand folder made.
    2. Plan the targets (this shard's share of them); skip those whose recorded inputs are unchanged (no heavy imports so far).
    3. Read and parse every document behind a stale target, before rendering anything; leave out the
       outputs a document turns off.
    4. Render the stale targets (the first one alone first, in watch mode), each output kept in a
       temporary file outside the build folder until it is written, so memory does not grow with them.
    5. Write each batch's rendered outputs and the manifest atomically, under a lock on the build folder;
       tell `batch_done`.
    6. If some outputs failed to render, raise them all together: their previous files stay as they were.
    """
    started = time.perf_counter()
    documents = name_documents(find_documents(options.source))
    brands = load_brands(options)
    manifest = Manifest.load(options.out)
    check_output_owners(manifest, brands, options.out)
    planned = complete_shelves(plan_targets(documents, brands, options.out, options.only), manifest, options.out)
    targets = [t for t in planned if in_shard(t, options.shard)]
    stale_files = [] if options.keep_stale else stale_outputs(manifest, brands, options.out)
    tool, layout_files = tool_version(), list_layout_files(options.layouts) + renderer_files()
    inputs = {t: fixed_inputs(t, layout_files) for t in targets}
    stale = [t for t in targets if options.force or not manifest.is_fresh(t.path, target_tool(tool, t), inputs[t])]
    report = BuildReport(skipped=[t for t in targets if t not in stale], notes=brand_notes(brands))
    if stale_files and not options.strict:
        report.removed = remove_outputs(options, manifest, stale_files)
    stale.sort(key=lambda t: t.path != options.first_output)  # stable: the plan's order otherwise
    if stale or options.strict:  # --strict reads every document: a warning fails even an up-to-date build
        renderer = renderer or make_renderer(options.layouts, options.out)
        to_read = {p for t in (targets if options.strict else stale) for p in (t.lists or [t.document])}
        before = manifest.snapshot(sorted({p for t in stale for p in inputs[t]}))  # never newer than what is read next
        parsed, found = parse_all(renderer, sorted(to_read), brands)
        before |= manifest.snapshot(sorted({image.path for document in parsed.values() for image in document.images}))
        report.warnings += [format_location(w.path, w.line, f"warning: {w.message}") for w in found]
        report.warnings += language_warnings(options.layouts, parsed, brands)
        if options.strict and report.warnings:
            raise ErrorGroup([*(BuildError(line) for line in report.warnings), BuildError(f"--strict: {len(report.warnings)} warning(s) count as errors; nothing was written")])
        report.left_out = [t for t in stale if not wanted(t, parsed)]
        report.left_out_why = {t.path: why_left_out(parsed[t.document]) for t in report.left_out}
        stale = [t for t in stale if t not in report.left_out]
        if report.left_out:
            write_outputs(options, manifest, [], report.left_out, tool, inputs, parsed, before)
        batches = [stale[:1], stale[1:]] if options.first_target_alone else [stale]
        done = 0
        for batch in (b for b in batches if b):
            spill = Spill()  # the rendered bytes wait on disk, not in memory: see storage/spill.py
            try:
                rendered, failed = render_batch(renderer, batch, parsed, options, progress, done, len(stale), spill)
                done += len(batch)
                same = {target for target, data, _ in rendered if target.lists and holds(target.path, data)}
                report.written += [(target, detail) for target, _, detail in rendered if target not in same]
                report.skipped += sorted(same, key=lambda t: str(t.path))  # a shelf file that came out as it was: left alone
                report.warnings += [warning for _, _, detail in rendered for warning in getattr(detail, "warnings", ())]  # what a layout adapted
                report.failed += failed
                write_outputs(options, manifest, rendered, [target for target, _ in failed], tool, inputs, parsed, before)
            finally:
                spill.close()
            save_caches(renderer, options.out)
            if batch_done:
                batch_done([target for target, _, _ in rendered])
    record_plan(options, manifest, targets)
    report.seconds = time.perf_counter() - started
    if report.failed:
        raise OutputsFailed([error for _, error in report.failed], report)
    return report


def wanted(target: Target, parsed: dict[Path, Document]) -> bool:
    """Tell whether the document wants this output made: no card with `card: false`, or with neither exercises nor a checklist."""
    if target.variant != "card":
        return True
    return parsed[target.document].has_card


def why_left_out(document: Document) -> str:
    """Return why a document's card is left out, for the build's one line about it."""
    return "the document sets card: false" if not document.metadata.card else "the document has neither exercises nor a checklist"


def write_outputs(
    options: BuildOptions, manifest: Manifest, rendered: Sequence[tuple[Target, bytes | Spilled, str]], unmade: list[Target],
    tool: str, inputs: dict[Target, list[Path]], parsed: dict[Path, Document], before: dict[str, list],
) -> None:
    """Write the rendered outputs and the manifest all together or not at all; forget the unmade ones, so the next build retries them.

    Every file is first written under a temporary name; only when all of them (the manifest last) are
    on disk are they renamed into place, so a full disk leaves every previous output as it was. A failed
    output keeps its previous file (the next build retries it); an output the document turns off loses it,
    and is recorded as absent so that an unchanged repeat stays a no-op.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        with build_lock(options.out):
            remove_leftovers(options.out)
            for target, data, _ in rendered:
                if target.lists and holds(target.path, data):
                    written = target.path  # the same bytes: recorded as made by this build, not written again
                else:
                    staged.append((stage(target.path, contents(data)), target.path))  # one output's bytes in memory at a time
                    written = staged[-1][0]
                manifest.record(target.path, target_tool(tool, target), inputs[target] + image_inputs(target, parsed), target.brand.folder,
                                before=before, written=written, document=None if target.lists else target.document)
            for target in unmade:
                if wanted(target, parsed):
                    manifest.forget(target.path)
                else:
                    manifest.record(target.path, target_tool(tool, target), inputs[target], target.brand.folder, absent=True, before=before,
                                    document=target.document)
            manifest.merge_from_disk()
            staged.append((stage(manifest.path, manifest.to_bytes()), manifest.path))
            commit(staged)
            for target in unmade:
                if not wanted(target, parsed):
                    target.path.unlink(missing_ok=True)
    except BaseException as error:  # a full disk, or an interruption: no temporary file stays behind
        discard(staged)
        if isinstance(error, OSError):
            raise write_error(error, options.out) from None
        raise


def holds(path: Path, data: bytes | Spilled) -> bool:
    """Tell whether a file holds exactly `data` (a shelf file rebuilt because what it may list changed, listing the same)."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == contents(data)
    except OSError:
        return False


def contents(data: bytes | Spilled) -> bytes:
    """Return an output's bytes, read back from the spill file when they wait there."""
    return data.read() if isinstance(data, Spilled) else data


def write_error(error: OSError, out: Path) -> BuildError:
    """Return the one line a failed write ends with."""
    where = Path(error.filename) if error.filename else out
    if error.errno == errno.ENOSPC:
        return BuildError("cannot write the output: no space left on the device; free some space and build again (the previous outputs are as they were)", where)
    return BuildError(f"cannot write the output: {error.strerror}; choose another --out folder (the previous outputs are as they were)", where)


def save_caches(renderer: Renderer, out: Path) -> None:
    """Write what this build drew into the cache, under the lock; a cache that cannot be written is only slower next time."""
    import logging

    try:
        with build_lock(out):
            renderer.save_caches()
    except OSError as error:
        logging.getLogger("clinicdocs").debug("the cache was not saved: %s", error)


def remove_outputs(options: BuildOptions, manifest: Manifest, stale: list[tuple[Path, Path]]) -> list[tuple[Path, Path]]:
    """Delete the outputs of handouts that are gone and forget them, under the build lock; return what was removed."""
    try:
        with build_lock(options.out):
            for output, _ in stale:
                output.unlink(missing_ok=True)
                manifest.forget(output)
            write_atomic(manifest.path, manifest.to_bytes())
    except OSError as error:
        raise BuildError(f"cannot remove an output of a deleted handout: {error.strerror}", error.filename or options.out) from None
    return stale


def record_plan(options: BuildOptions, manifest: Manifest, targets: list[Target]) -> None:
    """Remember this build's plan so that an unchanged repeat can stop before importing the builder."""
    key = plan_key(options.source, options.layouts, options.out, options.brands, options.only, options.shard)
    plan = {"key": key, "outputs": [str(t.path) for t in targets]}
    if manifest.entries.get(PLAN_KEY) != plan and all(str(t.path) in manifest.entries for t in targets):
        manifest.entries[PLAN_KEY] = manifest.changes[PLAN_KEY] = plan
        try:
            with build_lock(options.out):
                manifest.merge_from_disk()
                write_atomic(manifest.path, manifest.to_bytes())
        except OSError as error:
            raise write_error(error, options.out) from None


def parse_all(renderer: Renderer, paths: list[Path], brands: list[Brand]) -> tuple[dict[Path, Document], list[SourceError]]:
    """Parse every document and check its text against every brand font, reporting all problems at once.

    Return the documents and their warnings.
    """
    parsed, problems, warnings = {}, list[BuildError](), list[SourceError]()
    for path in paths:
        try:
            parsed[path], found = renderer.parse(path)
            warnings += found
            for brand in brands:  # one warning per document: the fallbacks, not the brand, decide what draws
                glyphs = check_glyphs(parsed[path], brand)
                warnings += [w for w in glyphs if str(w) not in map(str, warnings)]
        except ErrorGroup as group:
            problems += group.errors
        except BuildError as error:
            problems.append(error)
    raise_all(problems)
    return parsed, warnings


def render_batch(
    renderer: Renderer, batch: list[Target], parsed: dict, options: BuildOptions, progress: Progress | None, done: int, total: int,
    spill: Spill,
) -> tuple[list[tuple[Target, Spilled, str]], list[tuple[Target, BuildError]]]:
    """Render a batch of targets into `spill`, in worker processes when asked to; one failing target does not stop the others.

    Each output's bytes go to the spill file as soon as they are made: the build keeps no finished output in memory.
    """
    pairs, shelves = [t for t in batch if not t.lists], [t for t in batch if t.lists]
    if options.jobs > 1 and len(pairs) > 1:
        from .workers import render_in_workers

        rendered, failed = render_in_workers(pairs, parsed, options.layouts, renderer.cache, options.jobs, progress, done, total, spill)
        more, more_failed = render_batch(renderer, shelves, parsed, options, progress, done + len(pairs), total, spill)
        return rendered + more, failed + more_failed
    import logging  # here, not at the top: a build with nothing to do never logs

    rendered, failed = [], []
    for index, target in enumerate(batch, start=done + 1):
        if progress:
            progress(index, total, target)
        try:
            if target.lists:
                data, detail = renderer.render_shelf(target, [parsed[path] for path in target.lists])
            else:
                data, detail = renderer.render(target, parsed[target.document])
        except BuildError as error:
            failed.append((target, error))
            continue
        rendered.append((target, spill.put(data), detail))
        del data  # the next output is rendered without this one in memory
        logging.getLogger("clinicdocs").debug("rendered %s (%s)", target.path, detail)
    return rendered, failed


def language_warnings(layouts: Path, parsed: dict[Path, Document], brands: list[Brand]) -> list[str]:
    """Warn once for each language the documents are written in that has no message catalog.

    A document whose front matter names no language is in each of its clinics' locales.
    """
    from ..language.catalogs import missing_catalogs

    languages = [
        (path, language)
        for path, document in sorted(parsed.items())
        for language in ([document.metadata.language] if document.metadata.language else [brand.locale for brand in brands])
    ]
    return [format_location(path, line, f"warning: {message}") for path, line, message in missing_catalogs(layouts, languages)]


def name_documents(paths: list[Path]) -> list[tuple[Path, str]]:
    """Pair each document with its output name, refusing two documents that would share one."""
    named: dict[str, Path] = {}
    for path in paths:
        slug = document_slug(path)
        if slug in named:
            raise SourceError(f"builds to the same output name '{slug}' as {display_path(named[slug])}; rename one of them", path)
        named[slug] = path
    return [(path, slug) for slug, path in named.items()]


def make_renderer(layouts: Path, out: Path) -> Renderer:
    """Import the rendering libraries and return a renderer (the slow part of a cold start)."""
    from ..rendering.renderer import Renderer
    from ..storage.rendercache import CACHE_FOLDER

    return Renderer(layouts, out / CACHE_FOLDER)


def load_brands(options: BuildOptions) -> list[Brand]:
    """Load and validate the chosen brands (all of them by default), reporting every problem."""
    brands_dir = options.layouts / "brands"
    chosen = [resolve_brand_arg(name, brands_dir) for name in options.brands] or find_brands(brands_dir)
    folders = list(dict.fromkeys(folder.resolve() for folder in chosen))  # the same brand named twice is built once
    if not folders:
        raise ConfigError("no clinic brands found; add a folder with a brand.toml", brands_dir)
    brands, problems = [], []
    for folder in folders:
        try:
            brands.append(load_brand(folder))
        except ErrorGroup as group:
            problems += group.errors
        except BuildError as error:
            problems.append(error)
    seen: dict[str, Brand] = {}
    for brand in brands:
        if brand.id in seen:
            message = f"id: the brand folder {display_path(seen[brand.id].folder)} already uses the id '{brand.id}'; set a different id"
            problems.append(ConfigError(message, brand.folder / BRAND_FILE, id_line(brand)))
        seen.setdefault(brand.id, brand)
    raise_all(problems)
    return brands


def brand_notes(brands: list[Brand]) -> list[str]:
    """Return the `file:line: note: message` lines saying what was chosen for each brand."""
    return [format_location(brand.folder / BRAND_FILE, line, f"note: {message}") for brand in brands for line, message in brand.notes]


def id_line(brand: Brand) -> int:
    """Return the line of brand.toml that sets the id, or 1 when the id is the folder's name."""
    return key_lines((brand.folder / BRAND_FILE).read_text(encoding="utf-8-sig")).get("id", 1)


def check_output_owners(manifest: Manifest, brands: list[Brand], out: Path) -> None:
    """Refuse a brand whose output folder another brand folder made, even when it is built alone."""
    problems = []
    for brand in brands:
        owner = manifest.folder_owner(out / brand.id)
        if owner is not None and Path(owner) != brand.folder:
            message = (
                f"id: '{brand.id}' would write into {display_path(out / brand.id)}, which the brand folder {owner} made; "
                f"set a different id (or delete {display_path(out / brand.id)} if that brand is gone)"
            )
            problems.append(ConfigError(message, brand.folder / BRAND_FILE, id_line(brand)))
    raise_all(problems)


def list_layout_files(layouts: Path) -> list[Path]:
    """Return every template and stylesheet file (the brands are inputs of their own targets)."""
    return sorted(p.resolve() for p in layouts.rglob("*") if p.is_file() and "brands" not in p.relative_to(layouts).parts)


def fixed_inputs(target: Target, layout_files: list[Path]) -> list[Path]:
    """Return the files every build of `target` depends on, besides the images its document uses.

    A shelf file depends on every document it lists, so adding, removing or retitling one rebuilds it;
    a handout with '[[wiki links]]' on the handouts beside it, as a link may name any of them.
    """
    brand_files = [p.resolve() for p in target.brand.folder.rglob("*") if p.is_file()]
    fonts = [face.path for face in target.brand.fonts] + [FALLBACK_TABLE]  # the fallback files a document needs: image_inputs
    documents = [p.resolve() for p in (target.lists or [target.document])]
    neighbours = [] if target.lists else [p.resolve() for p in wiki_link_neighbours(target.document)]  # a wiki link names one by its title
    return sorted({*documents, *neighbours, *layout_files, *brand_files, *fonts})


def image_inputs(target: Target, parsed: dict[Path, Document]) -> list[Path]:
    """Return the images an output is drawn from and the fallback fonts its text needs (none for the shelf files)."""
    if target.lists:
        return []
    document = parsed[target.document]
    return [image.path for image in document.images] + fallback_inputs(document, target.brand)


def tool_version() -> str:
    """Return our version; the renderers' versions enter as inputs (see renderer_files)."""
    return f"clinicdocs {__version__}; SOURCE_DATE_EPOCH={os.environ.get('SOURCE_DATE_EPOCH', '')}"


def target_tool(tool: str, target: Target) -> str:
    """Return what besides its input files makes an output: a shelf file also depends on the files it links to."""
    return f"{tool}; shows {','.join(target.shows)}" if target.lists else tool  # the files it links to


def renderer_files() -> list[Path]:
    """Return the files whose bytes change when the builder or a renderer changes, found without importing them."""
    ours = Path(__file__).resolve().parents[1]
    files = sorted([*ours.rglob("*.py"), *ours.rglob("*.toml")])
    for package in ("weasyprint", "ebooklib", "markdown", "pymdownx", "pydyf"):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.origin:
            files.append(Path(spec.origin).resolve())
    return files
