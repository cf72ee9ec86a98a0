"""Check a run's survivors again against tests written after it: python bench/mutation_recheck.py RUN_DIR STAGE TESTS...

A mutmut run checks each mutant against the tests it recorded at its start. This runs
`pytest -x TESTS` in RUN_DIR/mutants once per survivor, with MUTANT_UNDER_TEST naming it (mutmut's own
switch between a function and its mutants), after copying the work tree's tests/ there, and writes
the names of the survivors the tests now kill to bench/mutation/STAGE-recheck.txt.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def main(run_dir: str, stage: str, *tests: str) -> None:
    mutants = Path(run_dir) / "mutants"
    shutil.copytree(HERE / "tests", mutants / "tests", dirs_exist_ok=True)
    survivors = sorted(
        name for meta in mutants.glob(f"clinicdocs/{stage}/**/*.py.meta")
        for name, code in json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"].items() if code == 0
    )
    env = {**os.environ, "HYPOTHESIS_PROFILE": "mutation"}
    clean = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
                           cwd=mutants, env=env, capture_output=True)
    if clean.returncode != 0:
        sys.exit(f"the tests fail without a mutant:\n{clean.stdout.decode()[-2000:]}")
    killed = []
    for name in survivors:
        run = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
                             cwd=mutants, env={**env, "MUTANT_UNDER_TEST": name}, capture_output=True)
        print(("killed " if run.returncode else "survived ") + name, flush=True)
        if run.returncode:
            killed.append(name)
    (HERE / "bench" / "mutation" / f"{stage}-recheck.txt").write_text("".join(f"{n}\n" for n in killed), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:])
