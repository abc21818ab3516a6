/**
 * Transitive clustering of matched pairs (union-find). A cluster is only as
 * sure as its weakest link, so its score is the lowest edge score that joined it.
 */

export interface ScoredPair {
  i: number;
  j: number;
  score: number;
}

export interface Cluster {
  members: number[];
  /** Lowest score among the edges that hold the cluster together. */
  score: number;
  /** The edges inside the cluster, strongest first. */
  edges: ScoredPair[];
  /** The spanning edge with the lowest score: what a steward should look at first. */
  weakest: ScoredPair;
}

export class UnionFind {
  private readonly parent: Int32Array;
  private readonly rank: Uint8Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
    this.rank = new Uint8Array(n);
  }
  find(x: number): number {
    let r = x;
    while (this.parent[r] !== r) r = this.parent[r];
    while (this.parent[x] !== r) { const next = this.parent[x]; this.parent[x] = r; x = next; }
    return r;
  }
  union(a: number, b: number): boolean {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return false;
    if (this.rank[ra] < this.rank[rb]) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    if (this.rank[ra] === this.rank[rb]) this.rank[ra]++;
    return true;
  }
}

/** Groups records connected by pairs; clusters come out ordered by their first member. */
export function clusterPairs(records: number, pairs: readonly ScoredPair[]): Cluster[] {
  const uf = new UnionFind(records);
  // Strongest edges first, so the spanning edges (and hence the cluster score) are the best available.
  const sorted = [...pairs].sort((a, b) => b.score - a.score);
  const weakest = new Map<number, ScoredPair>();
  for (const p of sorted) uf.union(p.i, p.j);
  const groups = new Map<number, Cluster>();
  const uf2 = new UnionFind(records);
  for (const p of sorted) {
    const root = uf.find(p.i);
    let c = groups.get(root);
    if (!c) { c = { members: [], score: 1, edges: [], weakest: p }; groups.set(root, c); }
    c.edges.push(p);
    // Edges arrive strongest first, so the last spanning edge is the weakest.
    if (uf2.union(p.i, p.j)) weakest.set(root, p);
  }
  const out: Cluster[] = [];
  for (const [root, c] of groups) {
    const seen = new Set<number>();
    for (const e of c.edges) { seen.add(e.i); seen.add(e.j); }
    c.members = [...seen].sort((a, b) => a - b);
    c.weakest = weakest.get(root) ?? c.edges[0];
    c.score = c.weakest.score;
    out.push(c);
  }
  return out.sort((a, b) => a.members[0] - b.members[0]);
}

/** Pairs of records that land in the same cluster, as "i,j" with i < j (for precision/recall). */
export function clusterPairKeys(clusters: readonly Cluster[]): Set<string> {
  const keys = new Set<string>();
  for (const c of clusters) {
    for (let a = 0; a < c.members.length; a++) for (let b = a + 1; b < c.members.length; b++) keys.add(`${c.members[a]},${c.members[b]}`);
  }
  return keys;
}
