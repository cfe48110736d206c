"""Builds the public tuning sets of docs/benchmarks.md ("Clustering quality on public sets") as
text<TAB>label TSVs (with a header line, as the quality bench reads them), from clones of their public
repositories. The sets stay outside the repository (their licences: docs/benchmarks.md).

Usage: python3 public_sets.py HWU64_REPO SNIPS_REPO STC2_REPO OUT_DIR
  HWU64_REPO: a clone of github.com/xliuhw/NLU-Evaluation-Data (f6071b4)
  SNIPS_REPO: a clone of github.com/sonos/nlu-benchmark (b86ac7f)
  STC2_REPO:  a clone of github.com/jacoxu/STC2 (Biomedical)
Writes OUT_DIR/hwu64.tsv (cross-validation fold 1, 50 per intent), OUT_DIR/snips.tsv (the 2017-06 custom
intent engines' full training sets, 450 per intent) and OUT_DIR/biomedical3k.tsv (150 random titles per
topic, random.seed(7)). Larger sources are sampled per label by the smallest sha1("<set>:" + text), so the
samples do not depend on a random state.
"""
import csv, hashlib, io, json, os, random, subprocess, sys
def show(repo, path):
    return subprocess.run(["git", "-C", repo, "show", "HEAD:" + path], capture_output=True, check=True).stdout.decode("utf-8", "replace")
def ls(repo):
    return subprocess.run(["git", "-C", repo, "ls-tree", "-r", "--name-only", "HEAD"], capture_output=True, check=True, text=True).stdout.split("\n")
def sample(name, rows, per):
    by = {}
    for t, l in rows:
        t = " ".join(t.split())
        if t: by.setdefault(l, set()).add(t)
    out = []
    for l, ts in sorted(by.items()):
        out += [(t, l) for t in sorted(ts, key=lambda t: hashlib.sha1(f"{name}:{t}".encode()).hexdigest())[:per]]
    return out
def write(path, rows):
    with open(path, "w") as f:
        f.write("text\tlabel\n")
        for t, l in rows: f.write(t.replace("\t", " ") + "\t" + l + "\n")
    print(path, len(rows), len({l for _, l in rows}))
hwu, sn, st, out = sys.argv[1:5]
os.makedirs(out, exist_ok=True)
rows = []
for p in ls(hwu):
    if "autoGene_2018_03_22-13_01_25_169/CrossValidation/KFold_1/" in p and p.endswith(".csv"):
        for r in csv.DictReader(io.StringIO(show(hwu, p)), delimiter=";"):
            rows.append((r["answer_from_anno"], f'{r["scenario"]}_{r["intent"]}'))
write(os.path.join(out, "hwu64.tsv"), sample("hwu64", rows, 50))
rows = []
for p in ls(sn):
    if p.startswith("2017-06-custom-intent-engines/") and "/train_" in p and p.endswith("_full.json"):
        d = json.loads(show(sn, p))
        for intent, utts in d.items():
            for u in utts: rows.append(("".join(x["text"] for x in u["data"]), intent))
write(os.path.join(out, "snips.tsv"), sample("snips", rows, 450))
texts = show(st, "dataset/Biomedical.txt").split("\n"); labels = show(st, "dataset/Biomedical_gnd.txt").split("\n")
by = {}
for t, l in zip(texts, labels):
    if t.strip() and l.strip(): by.setdefault(l.strip(), []).append(t.strip())
random.seed(7); rows = []
for l in sorted(by, key=int): rows += [(t, l) for t in random.sample(by[l], 150)]
write(os.path.join(out, "biomedical3k.tsv"), rows)
