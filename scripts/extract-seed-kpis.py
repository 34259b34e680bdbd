#!/usr/bin/env python3
"""Lists every row of the KPI table in each role blueprint (section 7) as TSV:
role key, metric name, example target. The output is checked in as
tests/fixtures/catalog/seed-kpi-rows.tsv; a core test maps each row to a catalog KPI and, when
the seeds folder is present, checks the fixture still matches it."""
import re, sys, pathlib

ROLES = {
    "000": "role.lead-ml-architect",
    "001": "role.mlops-architect",
    "002": "role.lead-ml-specialist",
    "003": "role.lead-mlops-engineer",
    "004": "role.lead-ml-engineer",
}

def rows(text):
    in_section = False
    for line in text.splitlines():
        if re.match(r"^(## )?7\) KPIs", line):
            in_section = True
            continue
        if in_section and re.match(r"^(## )?8\) ", line):
            return
        if in_section and line.startswith("|") and not line.startswith("|---"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if cells[0] == "Metric name":
                continue
            yield cells[0], cells[3]

seeds = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/seeds")
for path in sorted(seeds.glob("*.md")):
    role = ROLES[path.name[:3]]
    for metric, target in rows(path.read_text()):
        print(f"{role}\t{metric}\t{target}")
