#!/usr/bin/env python3
"""Measure how the build scales with brands and documents. Run by hand (never in the tests):

    python bench/scale.py [--brands 1,10,100,500] [--documents 1000] [--only guide,card,large-print,epub] [-j N] [--runs 1]
    python bench/scale.py --chinese [--runs 3]
    python bench/scale.py --english-against OLDER_CHECKOUT [--runs 3]

- brands: the shipped article built for 1, 10, 100 and 500 generated clinics (distinct names,
  colours, addresses; logos drawn as small SVG and PNG files, alternately), in a temporary project,
  by `make_docs.py --force` in a new process.
- documents: a folder of generated handouts (exercises, checklists, tables, in varied lengths) built
  for one generated brand.
- chinese: a Chinese handout (sections, exercises, a checklist) built for one brand, beside the
  same handout in English: CPU seconds, pages, peak memory, the font files embedded and the PDF size.

Every build reports its CPU seconds per PDF or EPUB and the peak resident memory (ru_maxrss) of the
build process and, with -j, of its largest worker. The cost per output must stay flat (within 10 %
from 10 to 500 brands) and the peak memory must not grow with the number of outputs. The load
average is printed with the figures: on a busy machine CPU seconds are the steadier measure.
"""

from __future__ import annotations

import argparse
import colorsys
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# Runs make_docs.py in this process and writes its own peak memory and CPU, and those of its largest
# worker (RUSAGE_CHILDREN: the largest reaped child), to the file named by the first argument (ru_maxrss is in KiB on Linux).
MEASURED = """
import atexit, json, resource, runpy, sys
report, sys.argv = sys.argv[1], sys.argv[2:]

def measured():
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(report, "w") as out:
        json.dump({"rss": own.ru_maxrss, "cpu": own.ru_utime + own.ru_stime, "worker_rss": workers.ru_maxrss,
                   "worker_cpu": workers.ru_utime + workers.ru_stime}, out)

atexit.register(measured)  # the CLI ends with os._exit after running the exit handlers
runpy.run_path(sys.argv[0], run_name="__main__")
"""
CITIES = ["Leeds", "Porto", "Aarhus", "Dayton", "Perth", "Graz", "Tampere", "Cork", "Ghent", "Brno", "Malmö", "Kraków"]
WORDS = ["River", "Oak", "Harbour", "Summit", "Meadow", "Bridge", "Cedar", "Lake", "Valley", "North", "Stone", "Willow"]


def load() -> str:
    """Return the load average, for the figures' context."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def colour(number: int, lightness: float) -> str:
    """Return a distinct colour for brand `number` (hues spread by the golden ratio)."""
    red, green, blue = colorsys.hls_to_rgb((number * 0.618033988749895) % 1.0, lightness, 0.6)
    return f"#{int(red * 255):02X}{int(green * 255):02X}{int(blue * 255):02X}"


def write_logo(folder: Path, number: int, name: str) -> str:
    """Draw a small logo (SVG for even brands, PNG for odd ones) and return its file name."""
    primary = colour(number, 0.25)
    initials = "".join(word[0] for word in name.split()[:2])
    if number % 2 == 0:
        svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40" width="120" height="40">'
               f'<rect width="40" height="40" rx="8" fill="{primary}"/>'
               f'<text x="20" y="27" font-size="18" text-anchor="middle" fill="#FFFFFF">{initials}</text>'
               f'<text x="48" y="27" font-size="14" fill="{primary}">{name.split()[0]}</text></svg>\n')
        (folder / "logo.svg").write_text(svg, encoding="utf-8")
        return "logo.svg"
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (240, 80), "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((4, 4, 76, 76), radius=14, fill=primary)
    draw.text((24, 30), initials, fill="white")
    draw.text((90, 30), name.split()[0], fill=primary)
    image.save(folder / "logo.png", optimize=True)
    return "logo.png"


def write_brand(brands: Path, number: int) -> None:
    """Write generated brand `number`: a distinct name, colours, address and logo."""
    name = f"{WORDS[number % len(WORDS)]} {WORDS[(number // len(WORDS)) % len(WORDS)]} Physiotherapy {number}"
    folder = brands / f"clinic-{number:04d}"
    folder.mkdir(parents=True)
    logo = write_logo(folder, number, name)
    (folder / "brand.toml").write_text(
        f'name = "{name}"\naddress = ["{10 + number} {WORDS[number % 7]} Street", "Suite {number % 40 + 1}"]\n'
        f'city = "{CITIES[number % len(CITIES)]}"\ncountry = "United Kingdom"\nphone = "+44 113 496 {number % 10000:04d}"\n'
        f'website = "https://clinic-{number}.example.org"\nlogo = "{logo}"\nlocale = "en-GB"\n'
        f'copyright = "© 2025 {name}."\npaper = ["a4"]\n\n'
        f'[colors]\nprimary = "{colour(number, 0.25)}"\naccent = "{colour(number + 7, 0.27)}"\ntext = "#1F2933"\n',
        encoding="utf-8")


def project(brands: int, source: Path | None = None) -> Path:
    """Return a temporary project: the shipped layouts (no brands), `brands` generated brands, and a source folder."""
    root = Path(tempfile.mkdtemp(prefix="clinicdocs-scale-"))
    shutil.copytree(ROOT / "layouts", root / "layouts", ignore=lambda folder, names: ["brands"] if Path(folder) == ROOT / "layouts" else [])
    for number in range(brands):
        write_brand(root / "layouts" / "brands", number)
    shutil.copytree(source or ROOT / "source", root / "source")
    return root


def handout(number: int, rng: random.Random) -> str:
    """Return generated handout `number`: sections of prose, exercises with pictures, a checklist, a table, in varied lengths."""
    topic = f"{rng.choice(WORDS)} {rng.choice(['knee', 'shoulder', 'ankle', 'neck', 'hip', 'wrist'])} care {number}"
    prose = ("Gentle movement helps the joint recover its range while the tissues heal. Move slowly, breathe out as you "
             "stretch, and stop if the pain is sharp. A little stiffness the next morning is normal and passes as you warm up. ")
    pictures = sorted((ROOT / "source" / "images").glob("*.svg"))
    lines = ["---", f"title: {topic.capitalize()}", f"description: Exercises and daily habits for {topic}.", "language: en-GB",
             "date: 2025-01-01", "---", "", f"# {topic.capitalize()}", ""]
    for section in range(rng.randint(2, 5)):
        lines += [f"## Part {section + 1} of the programme", "", prose * rng.randint(1, 4), ""]
    lines += ["## Exercises", "", "Do these once or twice a day:", ""]
    for exercise in range(rng.randint(1, 5)):
        picture = pictures[(number + exercise) % len(pictures)]
        lines += [f"{exercise + 1}. **Stretch {exercise + 1}:** Stand tall, move the joint slowly to the end of its range. "
                  f"Hold for {rng.choice([10, 20, 30])} seconds, then relax. Repeat {rng.randint(3, 10)} times.", ""]
        if rng.random() < 0.6:
            lines += [f"    ![A person doing stretch {exercise + 1}, the stretched muscle highlighted.](images/{picture.name})", ""]
    if rng.random() < 0.8:
        lines += ["## Every day", ""] + [f"- [ ] Habit {item + 1}: take a short walk and change position often." for item in range(rng.randint(2, 7))] + [""]
    if rng.random() < 0.7:
        lines += ["## Your week", "", "| Day | Exercise | Times |", "|---|---|---|"]
        lines += [f"| {day} | Stretch {rng.randint(1, 3)} | {rng.randint(1, 3)} |" for day in ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]]
        lines += [""]
    lines += ["## When to call us", "", "Call the clinic if the pain grows worse over two days, or if the joint swells or turns red.", ""]
    return "\n".join(lines)


def documents_folder(count: int) -> Path:
    """Return a temporary source folder of `count` generated handouts and the shipped pictures."""
    folder = Path(tempfile.mkdtemp(prefix="clinicdocs-scale-source-")) / "source"
    shutil.copytree(ROOT / "source" / "images", folder / "images")
    rng = random.Random(29)
    for number in range(count):
        (folder / f"handout-{number:04d}.md").write_text(handout(number, rng), encoding="utf-8")
    return folder


def build(root: Path, only: str, jobs: int, extra: tuple[str, ...] = ()) -> dict:
    """Build the project in a new process (`make_docs.py -q --force`); return its CPU, peak memory and output counts."""
    report = root / "rusage.json"
    out = root / "build"
    command = [PYTHON, "-c", MEASURED, str(report), str(ROOT / "make_docs.py"), "-q", "--force", "--out", str(out), "--only", only, "-j", str(jobs), *extra]
    started = time.perf_counter()
    subprocess.run(command, cwd=root, check=True, env={**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"})
    figures = json.loads(report.read_text())
    figures["wall"] = time.perf_counter() - started
    figures["outputs"] = sum(1 for p in out.rglob("*") if p.suffix in (".pdf", ".epub"))
    figures["files"] = sum(1 for p in out.rglob("*") if p.is_file() and not p.name.startswith(".") and ".cache" not in p.parts)
    return figures


def best_of(runs: int, measure) -> dict:
    """Run `measure` `runs` times and keep the run with the least CPU (the least disturbed by other processes)."""
    results = [measure() for _ in range(runs)]
    return min(results, key=lambda figures: figures["cpu"] + figures["worker_cpu"])


def show(label: str, figures: dict) -> None:
    """Print one build's figures."""
    cpu = figures["cpu"] + figures["worker_cpu"]
    workers = f", largest worker {figures['worker_rss'] / 1024:.0f} MiB" if figures["worker_rss"] and figures.get("jobs", 1) > 1 else ""
    print(f"{label}: {figures['outputs']} PDFs and EPUBs ({figures['files']} files), {cpu:.1f} CPU s, "
          f"{cpu / max(figures['outputs'], 1):.3f} CPU s per PDF or EPUB, wall {figures['wall']:.1f} s, "
          f"peak memory {figures['rss'] / 1024:.0f} MiB{workers} (load {load()})", flush=True)


def scale_brands(counts: list[int], only: str, jobs: int, runs: int) -> None:
    """Build the shipped article for each number of brands and compare the cost per output with the 10-brand build's."""
    per_output = {}
    for count in counts:
        root = project(count)
        figures = best_of(runs, lambda: build(root, only, jobs)) | {"jobs": jobs}
        show(f"{count} brand(s)", figures)
        per_output[count] = (figures["cpu"] + figures["worker_cpu"]) / max(figures["outputs"], 1)
        shutil.rmtree(root)
    if 10 in per_output:
        for count, cost in per_output.items():
            print(f"  {count} brand(s): {cost / per_output[10]:.2f}x the cost per output at 10 brands (flat: within 0.90x-1.10x)")


def scale_documents(counts: list[int], only: str, jobs: int, runs: int) -> None:
    """Build folders of generated handouts for one brand; show that the peak memory does not grow with their number."""
    for count in counts:
        source = documents_folder(count)
        root = project(1, source)
        shutil.rmtree(source.parent)
        figures = best_of(runs, lambda: build(root, only, jobs)) | {"jobs": jobs}
        show(f"{count} document(s), 1 brand", figures)
        shutil.rmtree(root)


CHINESE = """---
title: 膝关节术后的家庭锻炼
description: 膝关节手术后在家做的三个练习、每天的习惯和何时联系诊所。
language: zh-CN
date: 2025-01-01
---

# 膝关节术后的家庭锻炼

## 为什么要锻炼

手术以后，膝关节周围的肌肉会变得无力，关节也会变得僵硬。每天做几次轻柔的练习，可以帮助关节恢复活动范围，让肌肉重新变得有力。开始的时候动作要慢，呼气时用力，感到剧烈疼痛时就停下来。第二天早上有一点僵硬是正常的，活动一会儿就会好转。

锻炼的目标不是忍受疼痛，而是让关节每天都比前一天多活动一点。请按照治疗师给您的次数来做，不要一次做太多。

## 练习

每天做一到两次：

1. **屈膝滑动：** 仰卧，双腿伸直。慢慢把一只脚的脚跟向臀部滑动，让膝盖弯曲。保持五秒钟，然后慢慢伸直。重复十次。

    ![一个人仰卧，一条腿伸直，另一条腿的脚跟向臀部滑动，膝盖弯曲。](images/supine-hip-flexor-stretch.svg)

2. **直腿抬高：** 仰卧，一条腿弯曲，另一条腿伸直。收紧大腿前面的肌肉，把伸直的腿抬高到另一侧膝盖的高度。保持三秒钟，然后慢慢放下。重复十次。

3. **靠墙半蹲：** 背靠墙站立，双脚与肩同宽。慢慢弯曲膝盖，向下滑动几厘米，保持五秒钟，然后站直。重复八次。

    ![一个人背靠墙站立，膝盖微微弯曲，向下滑动。](images/lunging-hip-flexor-stretch.svg)

## 每天的习惯

- [ ] 每一个小时站起来走动几分钟。
- [ ] 坐着的时候不要让膝盖长时间弯曲。
- [ ] 冰敷膝盖十五分钟，每天三次，可以减轻肿胀。
- [ ] 按时服用医生开的药。
- [ ] 记录每天练习的次数和感觉。

## 一周的计划

| 星期 | 练习 | 次数 |
|---|---|---|
| 星期一 | 屈膝滑动 | 两次 |
| 星期三 | 直腿抬高 | 两次 |
| 星期五 | 靠墙半蹲 | 一次 |

## 什么时候联系诊所

如果疼痛在两天内越来越严重，膝盖变红、发热或明显肿胀，或者您发烧，请马上给诊所打电话。如果小腿疼痛或肿胀，请立即就医。
"""


def english_of_chinese() -> str:
    """Return the English handout with the Chinese one's shape: the same sections, exercises, checklist and table."""
    text = handout(7, random.Random(7))
    return text


def pdf_facts(path: Path) -> str:
    """Return a PDF's pages, size and embedded font files (pdfinfo, pdffonts)."""
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = re.search(r"^Pages:\s+(\d+)", info, re.M)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    names = sorted({line.split()[0].split("+", 1)[-1] for line in fonts if line.split()})
    embedded = sum(1 for line in fonts if len(line.split()) > 5 and line.split()[-5] == "yes")
    return f"{pages.group(1) if pages else '?'} pages, {path.stat().st_size / 1024:.0f} KiB, {embedded} embedded font(s): {', '.join(names)}"


def chinese(runs: int) -> None:
    """Build a Chinese guide and an English one of the same shape for one brand; print their figures."""
    for language, text in (("zh-CN", CHINESE), ("en-GB", english_of_chinese())):
        source = Path(tempfile.mkdtemp(prefix="clinicdocs-scale-source-")) / "source"
        shutil.copytree(ROOT / "source" / "images", source / "images")
        (source / "handout.md").write_text(text, encoding="utf-8")
        root = project(1, source)
        shutil.rmtree(source.parent)
        for only in ("guide", "guide,card,large-print,epub"):
            figures = best_of(runs, lambda: build(root, only, 1)) | {"jobs": 1}
            show(f"{language} --only {only}", figures)
        for pdf in sorted((root / "build").rglob("*.pdf")):
            print(f"  {pdf.name}: {pdf_facts(pdf)}")
        shutil.rmtree(root)


def english_against(other: Path, runs: int) -> None:
    """Build the shipped article's guide and EPUB for its default brand with this tree and with `other` (a checkout
    from before the fallback fonts, e.g. `git archive af2be97^1`), in turns; print the least CPU of each."""
    figures: dict[str, list[dict]] = {"this tree": [], str(other): []}
    for _ in range(runs):
        for label, tree in (("this tree", ROOT), (str(other), other)):
            root = Path(tempfile.mkdtemp(prefix="clinicdocs-scale-"))
            shutil.copytree(tree / "source", root / "source")
            shutil.copytree(tree / "layouts", root / "layouts")
            report, out = root / "rusage.json", root / "build"
            command = [PYTHON, "-c", MEASURED, str(report), str(tree / "make_docs.py"), "-q", "--force", "--out", str(out),
                       "--only", "guide,epub", "--brand", "injury-prevention-guru"]
            subprocess.run(command, cwd=root, check=True, env={**os.environ, "PYTHONPATH": str(tree), "NO_COLOR": "1"})
            figures[label].append(json.loads(report.read_text()) | {"pdf": pdf_facts(next(out.rglob("*.pdf")))})
            shutil.rmtree(root)
    for label, results in figures.items():
        best = min(results, key=lambda f: f["cpu"])
        print(f"English guide + EPUB, {label}: {best['cpu']:.2f} CPU s (runs: {', '.join(format(f['cpu'], '.2f') for f in results)}), "
              f"peak memory {best['rss'] / 1024:.0f} MiB; guide: {best['pdf']} (load {load()})", flush=True)


def counts(text: str) -> list[int]:
    """Parse a comma-separated list of counts."""
    return [int(part) for part in text.split(",") if part]


def main() -> None:
    """Run the scale measurements asked for."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--brands", type=counts, default=[1, 10, 100, 500], help="numbers of brands (default 1,10,100,500; empty: none)")
    parser.add_argument("--documents", type=counts, default=[1000], help="numbers of documents for one brand (default 1000; empty: none)")
    parser.add_argument("--only", default="guide,card,large-print,epub", help="the outputs to build (default: every PDF and the EPUB)")
    parser.add_argument("-j", "--jobs", type=int, default=1)
    parser.add_argument("--runs", type=int, default=1, help="builds per figure; the least CPU is kept")
    parser.add_argument("--chinese", action="store_true", help="only the Chinese guide's figures")
    parser.add_argument("--english-against", type=Path, help="only: the English guide + EPUB with this tree and with this older checkout")
    args = parser.parse_args()
    print(f"load average at the start: {load()}", flush=True)
    if args.chinese:
        chinese(args.runs)
        return
    if args.english_against:
        english_against(args.english_against.resolve(), args.runs)
        return
    scale_brands(args.brands, args.only, args.jobs, args.runs)
    scale_documents(args.documents, args.only, args.jobs, args.runs)


if __name__ == "__main__":
    main()
