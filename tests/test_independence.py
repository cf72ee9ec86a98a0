"""The README's test line holds in a clinic's own copy: its handouts and brands never fail the suite.

The suite builds from its own fixtures (tests/data/project, laid out by conftest.make_shipped_root)
and never from the repository's source/ or layouts/brands/, which belong to the clinic.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

# Where a test may still name the repository itself: the documentation's own checks and the stage rule.
ALLOWED = {"test_docs.py", "test_architecture.py", "test_independence.py", "conftest.py"}
CLINIC_CONTENT = re.compile(r'(?<![\w.])ROOT(?: / "(?:source|layouts)"|\.glob\("(?:source|layouts))|cwd=(?:str\()?ROOT\b')


def test_no_test_reads_the_clinics_own_folders():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted((ROOT / "tests").rglob("*.py")) if path.name not in ALLOWED
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if CLINIC_CONTENT.search(line)
    ]
    assert not offenders, "use conftest.SHIPPED_ROOT (the tests' own project), not the repository's folders:\n" + "\n".join(offenders)


def test_a_clinics_added_handout_and_brand_do_not_fail_the_tests(tmp_path):
    """Copy the repository, add a handout and a brand of the clinic's own, and run the tests that read the shipped content."""
    copy = tmp_path / "clinic"
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, files):
        if (ROOT / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)
    (copy / "source" / "our-knee-guide.md").write_text("# Our knee guide\n\nRest the knee.\n\n1. **Heel slide:** Slide the heel. Hold for 5 seconds.\n", encoding="utf-8")
    brand = copy / "layouts" / "brands" / "our-clinic"
    shutil.copytree(copy / "layouts" / "brands" / "injury-prevention-guru", brand)
    toml = brand / "brand.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('name = "Injury Prevention Guru"', 'name = "Our Own Clinic"'), encoding="utf-8")
    tests = ["tests/rendering/test_golden.py", "tests/brands/test_brands.py", "tests/reading/test_parse.py"]
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *tests], cwd=copy, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
