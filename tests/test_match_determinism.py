"""`occlink match` gives the same bytes whatever the interpreter's hash seed (sets iterate in hash
order; float sums over them must not)."""

from __future__ import annotations

import os
import subprocess
import sys

TITLES = "id,label\n" + "\n".join(f"t{i},{t}" for i, t in enumerate([
    "画师", "动画设计师", "Java开发工程师", "会计主管", "machine learning engineer", "truck driver",
    "护士", "数据分析师", "高级前端工程师", "UI设计", "nurse", "accountant",
])) + "\n"


def test_match_output_does_not_depend_on_hash_seed(tmp_path):
    source = tmp_path / "titles.csv"
    source.write_text(TITLES, encoding="utf-8")
    outputs = []
    for seed in ("0", "1", "12345"):
        out = tmp_path / f"m{seed}.sssom.tsv"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-m", "occlink", "match", "--source", str(source),
                               "--target", "csco2022", "--top-k", "5", "--out", str(out)],
                              capture_output=True, text=True, env=env, timeout=600)
        assert proc.returncode == 0, proc.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
