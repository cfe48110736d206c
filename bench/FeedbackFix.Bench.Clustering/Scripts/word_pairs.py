"""Word score of pairs of settled clusters (docs/benchmarks.md, "Words as a merge signal").

Usage: python3 word_pairs.py DUMP TSV
  DUMP: the bench's --dump file (settled cluster, label, vector per report, in the TSV's order)
  TSV:  the set the bench read (text<TAB>label after a header line)
Prints, over every pair of clusters of 10+ reports whose centroids are at cosine 0.3 or more, the AUC
of the centroid cosine, of the word score and of the two summed for telling pairs of one majority
label from pairs of two, and how many pairs of each kind reach a word score of 0.2-0.5.
"""
import sys, re, collections

import numpy as np
dump, tsv = sys.argv[1], sys.argv[2]
texts=[l.rsplit('\t',1)[0] for l in open(tsv).read().splitlines()[1:] if '\t' in l]
cl=[];lab=[];vec=[]
for line in open(dump):
    c,l,v=line.rstrip('\n').split('\t'); cl.append(c); lab.append(l); vec.append(np.array(v.split(','),dtype=np.float32))
assert len(texts)==len(cl), (len(texts),len(cl))
V=np.stack(vec); V/=np.linalg.norm(V,axis=1,keepdims=True)
STOP=set("a an the of in on for to and or is are was were be been with by at from as that this it its i me my you your we our do does did how what when where why which who can could would should will not no please tell about into than then there their they them any all some have has had get set up out over under via using use via vs between".split())
tok=lambda s: set(w for w in re.findall(r"[a-z][a-z0-9+#\-]{2,}", s.lower()) if w not in STOP)
toks=[tok(t) for t in texts]
members=collections.defaultdict(list)
for i,c in enumerate(cl): members[c].append(i)
big=[c for c,m in members.items() if len(m)>=10]
df=collections.Counter(t for ts in toks for t in ts)
N=len(texts)
info={}
for c in big:
    m=members[c]; cnt=collections.Counter(t for i in m for t in toks[i])
    maj=collections.Counter(lab[i] for i in m).most_common(1)[0][0]
    cen=V[m].mean(0); coh=np.linalg.norm(cen); cen/=coh
    info[c]=(m,cnt,maj,cen,coh)
rows=[]
for a_i,a in enumerate(big):
    for b in big[a_i+1:]:
        ma,ca,la,cea,coa=info[a]; mb,cb,lb,ceb,cob=info[b]
        cos=float(cea@ceb)
        if cos<0.3: continue
        best=0;bt=None
        for t in ca:
            if t not in cb: continue
            sa=ca[t]/len(ma); sb=cb[t]/len(mb)
            conc=(ca[t]+cb[t])/df[t]
            f=min(sa,sb)*conc
            if f>best: best=f;bt=t
        rows.append((la==lb,cos,best,bt,cos/min(coa,cob)))
rows=np.array([(r[0],r[1],r[2],r[4]) for r in rows],dtype=float)
same=rows[:,0]==1
def auc(x):
    s=x[same];d=x[~same]
    return (np.mean(s[:,None]>d[None,:])+0.5*np.mean(s[:,None]==d[None,:]))
print(f"pairs same={same.sum()} diff={(~same).sum()} auc cos={auc(rows[:,1]):.3f} term={auc(rows[:,2]):.3f} cos+term={auc(rows[:,1]+rows[:,2]):.3f} relcoh={auc(rows[:,3]):.3f}")
for q in (50,90):
    print(f" term p{q}: same {np.percentile(rows[same,2],q):.2f} diff {np.percentile(rows[~same,2],q):.2f}")
for thr in (0.2,0.3,0.4,0.5):
    sel=rows[:,2]>=thr
    print(f" term>={thr}: same {int((sel&same).sum())} diff {int((sel&~same).sum())}")
