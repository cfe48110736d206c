"""Nearest-neighbour links between pairs of settled clusters (docs/benchmarks.md, "Neighbours as a merge signal").

Usage: python3 neighbour_pairs.py DUMP...
  DUMP: the bench's --dump file (settled cluster, label, vector per report)
Over every pair of clusters of 10+ reports whose centroids are at cosine 0.3 or more ("same" when both
have the same majority label), the relative interconnectivity of the pair: the share of the two
clusters' k-nearest-neighbour links (cosine) that go from one to the other, over the mean share that
stays inside each. Prints the AUC of the centroid cosine and of that score for telling same pairs from
different ones (k = 5, 10, 20), and how many pairs of each kind reach a score of 0.05-0.3 (k = 20).
"""
import sys, collections

import numpy as np


def auc(pos, neg):
    values = np.concatenate([pos, neg])
    ranks = values.argsort().argsort() + 1
    return (ranks[:len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


for dump in sys.argv[1:]:
    clusters, labels, vectors = [], [], []
    for line in open(dump):
        cluster, label, vector = line.rstrip('\n').split('\t')
        clusters.append(cluster); labels.append(label); vectors.append(np.array(vector.split(','), dtype=np.float32))
    X = np.stack(vectors); X /= np.linalg.norm(X, axis=1, keepdims=True)
    similarity = X @ X.T; np.fill_diagonal(similarity, -2)
    members = collections.defaultdict(list)
    for i, c in enumerate(clusters): members[c].append(i)
    big = [c for c, m in members.items() if len(m) >= 10]
    majority = {c: collections.Counter(labels[i] for i in members[c]).most_common(1)[0][0] for c in big}
    centroid = {c: X[members[c]].mean(0) / np.linalg.norm(X[members[c]].mean(0)) for c in big}
    of = np.array(clusters)
    print(f"{dump}: {len(members)} clusters, {len(big)} of 10+, {len(set(labels))} labels")
    for k in (5, 10, 20):
        neighbours = np.argpartition(-similarity, k, axis=1)[:, :k]
        cosines, scores, same = [], [], []
        for i, a in enumerate(big):
            for b in big[i + 1:]:
                cosine = float(centroid[a] @ centroid[b])
                if cosine < 0.3: continue
                A, B = np.array(members[a]), np.array(members[b])
                across = ((of[neighbours[A]] == b).sum() + (of[neighbours[B]] == a).sum()) / ((len(A) + len(B)) * k)
                inside = ((of[neighbours[A]] == a).sum() / (len(A) * k) + (of[neighbours[B]] == b).sum() / (len(B) * k)) / 2
                cosines.append(cosine); scores.append(across / max(inside, 1e-9)); same.append(majority[a] == majority[b])
        cosines, scores, same = np.array(cosines), np.array(scores), np.array(same)
        print(f"  k={k}: pairs same/different {same.sum()}/{(~same).sum()}, AUC centroid cosine {auc(cosines[same], cosines[~same]):.2f}, neighbour score {auc(scores[same], scores[~same]):.2f}")
        if k == 20:
            for bar in (0.05, 0.1, 0.15, 0.2, 0.3):
                print(f"    score >= {bar}: same {(same & (scores >= bar)).sum()}, different {(~same & (scores >= bar)).sum()}")
