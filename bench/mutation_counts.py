"""Per-module mutation counts from a mutmut 3 run: python bench/mutation_counts.py RUN_DIR STAGE.

Reads RUN_DIR/mutants/**/*.py.meta (mutmut's own record of each mutant's exit code) and prints one
line per module: killed (with the survivors bench/mutation_recheck.py found killed by later tests), survived, timeout, no tests, not checked, and the score
killed+timeout+explained over all checked mutants (explained: listed with the reason in bench/mutation/STAGE-explained.txt). A module whose mutants were never checked says so.
"""

import json
import sys
from collections import Counter
from pathlib import Path

# mutmut 3.8 mutmut/stats.py status_by_exit_code, reduced to the columns reported here
STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests", 34: "skipped",
          36: "timeout", 24: "timeout", -24: "timeout", 152: "timeout", 255: "timeout", None: "not checked"}
COLUMNS = ["killed", "explained", "survived", "timeout", "no tests", "not checked", "other"]


def main(run_dir: str, stage: str) -> None:
    root = Path(run_dir) / "mutants"
    recheck = Path(__file__).resolve().parent / "mutation" / f"{stage}-recheck.txt"
    killed_later = set(recheck.read_text(encoding="utf-8").split()) if recheck.exists() else set()
    explained_file = recheck.with_name(f"{stage}-explained.txt")  # "name: why it cannot be told apart", a line each
    explained = {line.split(":")[0].strip() for line in explained_file.read_text(encoding="utf-8").splitlines()
                 if line.strip()} if explained_file.exists() else set()
    print(f"# {stage}: module | " + " | ".join(COLUMNS) + " | score (killed+timeout+explained)/checked")
    for meta in sorted(root.glob(f"clinicdocs/{stage}/**/*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        counts = Counter(
            "killed" if name in killed_later else "explained" if name in explained and code == 0
            else STATUS.get(code, "other") for name, code in codes.items()
        )
        checked = sum(counts[c] for c in ("killed", "explained", "survived", "timeout", "no tests", "other"))
        score = f"{100 * (counts['killed'] + counts['timeout'] + counts['explained']) / checked:.0f} %" if checked else "not run" if codes else "no mutants"
        module = str(meta.relative_to(root))[: -len(".meta")]
        print(f"{module} | " + " | ".join(str(counts[c]) for c in COLUMNS) + f" | {score}")


if __name__ == "__main__":
    main(*sys.argv[1:])
