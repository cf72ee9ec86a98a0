#!/bin/sh
# Mutation testing, one stage at a time: bench/mutation.sh STAGE [PYTEST_ARGS...]
# Copies the work tree to /tmp/mutation-STAGE, mutates only clinicdocs/STAGE/ there against the given
# tests (default: tests/STAGE/), and writes bench/mutation/STAGE.txt (per-module counts) beside this
# script (MUTATE="clinicdocs/reading/policy.py ..." narrows it to some modules). Bounded by MUTATION_TIMEOUT seconds (default 3600); rerunning continues where it stopped.
set -eu
stage=$1; shift
here=$(cd "$(dirname "$0")/.." && pwd)
copy=/tmp/mutation-$stage
mkdir -p "$copy"
# a fresh copy of the tracked files (the uncommitted ones included); mutants/ kept for a rerun
(cd "$here" && git ls-files -co --exclude-standard) | (cd "$here" && tar -cf - -T -) | (cd "$copy" && tar -xf -)
[ $# -gt 0 ] || set -- "tests/$stage"
python3 - "$copy/pyproject.toml" "$stage" "$@" <<'PY'
import json, os, sys
path, stage, *tests = sys.argv[1:]
text = open(path, encoding="utf-8").read()
head, _, tail = text.partition("[tool.mutmut]")
# keep the shared settings (also_copy, pytest_add_cli_args) of the committed section
keep = [l for l in tail.splitlines() if l.startswith(("also_copy", "pytest_add_cli_args ", "source_paths"))]
section = ["[tool.mutmut]", *keep, "only_mutate = " + json.dumps(os.environ.get("MUTATE", f"clinicdocs/{stage}/*").split()),
           f"pytest_add_cli_args_test_selection = {json.dumps(tests)}"]
open(path, "w", encoding="utf-8").write(head + "\n".join(section) + "\n")
PY
cd "$copy"
HYPOTHESIS_PROFILE=mutation timeout "${MUTATION_TIMEOUT:-3600}" nice -n 15 mutmut run --max-children "${MUTATION_CHILDREN:-1}" \
    > mutmut-run.log 2>&1 || echo "mutmut run stopped (exit $?): see $copy/mutmut-run.log"
mkdir -p "$here/bench/mutation"
mutmut export-cicd-stats >/dev/null 2>&1 || true
python3 "$here/bench/mutation_counts.py" "$copy" "$stage" > "$here/bench/mutation/$stage.txt"
mutmut results --all true > "$here/bench/mutation/$stage-results.txt" 2>&1 || true
cat "$here/bench/mutation/$stage.txt"
