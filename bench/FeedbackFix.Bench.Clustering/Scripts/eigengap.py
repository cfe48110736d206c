"""The eigengap of a nearest-neighbour graph as an estimate of k (docs/benchmarks.md, "The eigengap as the number of clusters").

Usage: python3 eigengap.py DUMP...
  DUMP: the bench's --dump file (settled cluster, label, vector per report); only the vectors and labels are used
For each set, the graph that links every report to its k nearest others (cosine, k = 10 and 20), weighted
by the cosine and made symmetric; the eigenvalues of its normalised Laplacian; the number of clusters
where the gap between consecutive eigenvalues is largest (2 to 350, the five largest gaps in order), and
how the gap at the true number of labels ranks among them.
"""
import sys

import numpy as np

for dump in sys.argv[1:]:
    labels, vectors = [], []
    for line in open(dump):
        _, label, vector = line.rstrip('\n').split('\t')
        labels.append(label); vectors.append(np.array(vector.split(','), dtype=np.float32))
    X = np.stack(vectors); X /= np.linalg.norm(X, axis=1, keepdims=True)
    similarity = X @ X.T; np.fill_diagonal(similarity, -2)
    n, truth = len(X), len(set(labels))
    for k in (10, 20):
        neighbours = np.argpartition(-similarity, k, axis=1)[:, :k]
        rows = np.repeat(np.arange(n), k)
        W = np.zeros((n, n))
        W[rows, neighbours.ravel()] = np.maximum(similarity[rows, neighbours.ravel()], 0)
        W = np.maximum(W, W.T)
        scale = 1 / np.sqrt(W.sum(1))
        eigenvalues = np.linalg.eigvalsh(np.eye(n) - scale[:, None] * W * scale[None, :])[:400]
        gaps = np.diff(eigenvalues)  # gaps[j - 1]: between the j-th and (j+1)-th smallest, the gap for j clusters
        largest = np.argsort(-gaps[1:350])[:5] + 2
        rank = int((gaps[1:350] > gaps[truth - 1]).sum()) + 1
        print(f"{dump}: {n} reports, {truth} labels, k={k}: largest gaps at {', '.join(map(str, largest))} clusters; "
              f"the gap at {truth} ranks {rank}")
