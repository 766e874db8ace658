import { existsSync, readFileSync } from 'node:fs';

// `node bench/dist/heap-summary.js <file.heapsnapshot>`: where a process' V8 heap goes, from a heap snapshot
// (`BENCH_HEAP_SNAPSHOT=<dir> pnpm bench footprint` writes one per service, idle and loaded). Three tables:
// - self size by constructor or type, as the "Summary" view of Chrome's DevTools groups it;
// - self size by the package that retains it: each object is charged to the nearest object that dominates it
//   (every path from the roots to it goes through that one) and belongs to a known script — a script's source
//   and line ends, a function and its bytecode, a CommonJS module and its exports. What nothing of one package
//   dominates (shared caches, the roots' own) is listed as unattributed;
// - the objects that retain most (retained size: what freeing them would free), with their package.
// With the `.memory.json` the footprint scenario writes beside a snapshot, it first sets the heap against the
// resident memory of the process (`process.memoryUsage()`, V8's spaces, /proc VmRSS), so that V8 heap, off-heap
// and file-backed code are told apart.
interface Snapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

interface MemoryFile {
  residency?: { rss: number; peak: number; anonymous: number; file: number };
  memoryUsage: NodeJS.MemoryUsage;
  heapSpaces: { name: string; size: number; used: number }[];
}

const MB = 1024 * 1024;
const UNATTRIBUTED = '(unattributed: roots, shared caches, runtime)';

function packageOf(url: string): string | undefined {
  if (url === '') return undefined;
  const dependency = url.match(/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/);
  if (dependency) return dependency[1];
  if (url.startsWith('node:') || /^[a-z_]+(\/[\w/-]+)?$/.test(url)) return '(node core)';
  const workspace = url.match(/\/(building-blocks\/contracts|building-blocks|services\/[^/]+|bench)\//);
  if (workspace) return workspace[1];
  return url.startsWith('/') || url.startsWith('file:') ? '(other files)' : undefined;
}

function table(title: string, rows: [string, number, number?][], total: number, count = 25): void {
  console.log(`\n${title}`);
  const sorted = [...rows].sort((a, b) => b[1] - a[1]).slice(0, count);
  for (const [name, bytes, objects] of sorted) {
    const share = ((100 * bytes) / total).toFixed(1).padStart(5);
    const size = (bytes / MB).toFixed(2).padStart(8);
    console.log(`${size} MB ${share}%  ${objects === undefined ? '' : `${String(objects).padStart(8)}  `}${name}`);
  }
}

function printMemory(file: string): void {
  const memory = JSON.parse(readFileSync(file, 'utf8')) as MemoryFile;
  const usage = memory.memoryUsage;
  const line = (name: string, bytes: number) => console.log(`${(bytes / MB).toFixed(1).padStart(8)} MB  ${name}`);
  console.log('process memory (from the .memory.json beside the snapshot):');
  if (memory.residency) {
    line('RSS (VmRSS)', memory.residency.rss);
    line('  file-backed (RssFile: the node binary and shared libraries as far as touched)', memory.residency.file);
    line('  anonymous (RssAnon: V8 heap, malloc, thread stacks)', memory.residency.anonymous);
    line(
      '    anonymous beyond the committed V8 heap (malloc arenas, stacks; negative: heap committed, not touched)',
      memory.residency.anonymous - usage.heapTotal,
    );
  } else line('RSS (process.memoryUsage)', usage.rss);
  line('V8 heap committed (heapTotal)', usage.heapTotal);
  line('V8 heap used (heapUsed)', usage.heapUsed);
  for (const space of memory.heapSpaces.filter((one) => one.size > 0)) {
    line(`  ${space.name}: used ${(space.used / MB).toFixed(1)} MB of committed`, space.size);
  }
  line('external (memory of C++ objects bound to JS objects, off the V8 heap)', usage.external);
  line('  of which array buffers (Buffers included)', usage.arrayBuffers);
}

/**
 * Immediate dominators (Cooper, Harvey and Kennedy, "A Simple, Fast Dominance Algorithm") of the graph of strong
 * edges from node 0, the snapshot's root. Returns the dominator of each node by node index (-1: unreachable) and
 * the reachable nodes in reverse postorder (every node after its dominator).
 */
function dominators(nodeCount: number, firstEdge: Uint32Array, targets: Uint32Array, weak: Uint8Array) {
  const postorder = new Int32Array(nodeCount).fill(-1);
  const order: number[] = [];
  const stack: number[] = [0];
  const cursor = new Uint32Array(nodeCount);
  const visited = new Uint8Array(nodeCount);
  visited[0] = 1;
  for (let n = 0; n < nodeCount; n++) cursor[n] = firstEdge[n];
  while (stack.length > 0) {
    const node = stack[stack.length - 1];
    let pushed = false;
    while (cursor[node] < firstEdge[node + 1]) {
      const edge = cursor[node]++;
      const target = targets[edge];
      if (weak[edge] || visited[target]) continue;
      visited[target] = 1;
      stack.push(target);
      pushed = true;
      break;
    }
    if (!pushed) {
      stack.pop();
      postorder[node] = order.length;
      order.push(node);
    }
  }
  // Predecessors of every reachable node, in postorder numbers.
  const reachable = order.length;
  const predecessorCount = new Uint32Array(reachable + 1);
  for (let node = 0; node < nodeCount; node++) {
    if (postorder[node] < 0) continue;
    for (let edge = firstEdge[node]; edge < firstEdge[node + 1]; edge++) {
      if (!weak[edge] && postorder[targets[edge]] >= 0) predecessorCount[postorder[targets[edge]] + 1]++;
    }
  }
  for (let n = 0; n < reachable; n++) predecessorCount[n + 1] += predecessorCount[n];
  const predecessors = new Uint32Array(predecessorCount[reachable]);
  const fill = predecessorCount.slice(0, reachable);
  for (let node = 0; node < nodeCount; node++) {
    if (postorder[node] < 0) continue;
    for (let edge = firstEdge[node]; edge < firstEdge[node + 1]; edge++) {
      const to = postorder[targets[edge]];
      if (!weak[edge] && to >= 0) predecessors[fill[to]++] = postorder[node];
    }
  }
  const UNDEFINED = -1;
  const idom = new Int32Array(reachable).fill(UNDEFINED);
  const root = reachable - 1;
  idom[root] = root;
  const intersect = (first: number, second: number) => {
    let a = first;
    let b = second;
    while (a !== b) {
      while (a < b) a = idom[a];
      while (b < a) b = idom[b];
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let n = root - 1; n >= 0; n--) {
      let chosen = UNDEFINED;
      for (let p = predecessorCount[n]; p < predecessorCount[n + 1]; p++) {
        const predecessor = predecessors[p];
        if (idom[predecessor] === UNDEFINED) continue;
        chosen = chosen === UNDEFINED ? predecessor : intersect(predecessor, chosen);
      }
      if (chosen !== UNDEFINED && idom[n] !== chosen) {
        idom[n] = chosen;
        changed = true;
      }
    }
  }
  const dominator = new Int32Array(nodeCount).fill(-1);
  for (let n = 0; n < reachable; n++) dominator[order[n]] = order[idom[n]];
  return { dominator, topDown: order.reverse() };
}

const file = process.argv[2];
if (!file) throw new Error('usage: node bench/dist/heap-summary.js <file.heapsnapshot>');
const memoryFile = file.replace(/\.heapsnapshot$/, '.memory.json');
if (existsSync(memoryFile)) printMemory(memoryFile);

const heap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
const meta = heap.snapshot.meta;
const NODE_FIELDS = meta.node_fields.length;
const EDGE_FIELDS = meta.edge_fields.length;
const [TYPE, NAME, SELF_SIZE, EDGE_COUNT] = ['type', 'name', 'self_size', 'edge_count'].map((field) =>
  meta.node_fields.indexOf(field),
);
const [EDGE_TYPE, EDGE_NAME, EDGE_TO] = ['type', 'name_or_index', 'to_node'].map((field) =>
  meta.edge_fields.indexOf(field),
);
const nodeTypes = meta.node_types[0];
const edgeTypes = meta.edge_types[0];
const { nodes, edges, strings } = heap;
const nodeCount = nodes.length / NODE_FIELDS;
const firstEdge = new Uint32Array(nodeCount + 1);
for (let node = 0, edge = 0; node < nodeCount; node++) {
  firstEdge[node] = edge;
  edge += nodes[node * NODE_FIELDS + EDGE_COUNT];
}
firstEdge[nodeCount] = edges.length / EDGE_FIELDS;
const targets = new Uint32Array(firstEdge[nodeCount]);
const weak = new Uint8Array(firstEdge[nodeCount]);
for (let edge = 0; edge < targets.length; edge++) {
  targets[edge] = edges[edge * EDGE_FIELDS + EDGE_TO] / NODE_FIELDS;
  weak[edge] = edgeTypes[edges[edge * EDGE_FIELDS + EDGE_TYPE]] === 'weak' ? 1 : 0;
}
const typeOf = (node: number) => nodeTypes[nodes[node * NODE_FIELDS + TYPE]];
const nameOf = (node: number) => strings[nodes[node * NODE_FIELDS + NAME]];
const selfSize = (node: number) => nodes[node * NODE_FIELDS + SELF_SIZE];
const edgeName = (edge: number) => {
  const type = edgeTypes[edges[edge * EDGE_FIELDS + EDGE_TYPE]];
  const name = edges[edge * EDGE_FIELDS + EDGE_NAME];
  return type === 'element' || type === 'hidden' ? String(name) : strings[name];
};
const edgeTo = (node: number, name: string) => {
  for (let edge = firstEdge[node]; edge < firstEdge[node + 1]; edge++)
    if (edgeName(edge) === name) return targets[edge];
  return undefined;
};

/** The group of the "Summary" view: the constructor for objects, the kind for everything else. */
function classOf(node: number): string {
  const type = typeOf(node);
  switch (type) {
    case 'object':
    case 'native':
      return nameOf(node);
    case 'closure':
      return '(closure)';
    case 'string':
    case 'concatenated string':
    case 'sliced string':
      return '(string)';
    case 'code':
      return `(code) ${nameOf(node).startsWith('system / ') ? nameOf(node).slice(9) : 'compiled code and scripts'}`;
    case 'hidden':
      return `(system) ${nameOf(node).replace(/^system \/ /, '')}`;
    default:
      return `(${type})`;
  }
}

// Objects that belong to a package by their own nature: scripts (by their name), functions (by their script),
// CommonJS module objects (by their file name).
const seed = new Array<string | undefined>(nodeCount);
const scriptPackage = (script: number | undefined) =>
  script === undefined || typeOf(script) !== 'code' ? undefined : packageOf(nameOf(script));
for (let node = 0; node < nodeCount; node++) {
  const type = typeOf(node);
  if (type === 'code') {
    if (edgeTo(node, 'source') !== undefined) seed[node] = packageOf(nameOf(node));
    else {
      const script = edgeTo(node, 'script');
      if (script !== undefined) seed[node] = scriptPackage(script);
    }
  } else if (type === 'closure') {
    const shared = edgeTo(node, 'shared');
    if (shared !== undefined) seed[node] = scriptPackage(edgeTo(shared, 'script'));
  } else if (type === 'object' && nameOf(node) === 'Module') {
    const filename = edgeTo(node, 'filename');
    if (filename !== undefined) seed[node] = packageOf(nameOf(filename));
  }
}

const { dominator, topDown } = dominators(nodeCount, firstEdge, targets, weak);
const owner = new Array<string>(nodeCount);
const retained = new Float64Array(nodeCount);
let total = 0;
let unreachable = 0;
for (const node of topDown) {
  owner[node] = seed[node] ?? (node === 0 ? UNATTRIBUTED : owner[dominator[node]]);
}
// What a runtime cache holds as well (a script's source in the list of external strings, a function in the
// compilation cache) is dominated by the roots. When the objects of one package are all that hold it besides
// the roots, it is that package's, and so is what it alone retains.
const heldBy = new Array<string | null | undefined>(nodeCount);
for (let node = 0; node < nodeCount; node++) {
  if (owner[node] === undefined || owner[node] === UNATTRIBUTED || typeOf(node) === 'synthetic') continue;
  for (let edge = firstEdge[node]; edge < firstEdge[node + 1]; edge++) {
    const target = targets[edge];
    if (weak[edge] || owner[target] !== UNATTRIBUTED) continue;
    const holder = heldBy[target];
    heldBy[target] = holder === undefined || holder === owner[node] ? owner[node] : null;
  }
}
for (const node of topDown.slice(1)) {
  const inherited = owner[dominator[node]];
  owner[node] = seed[node] ?? (inherited !== UNATTRIBUTED ? inherited : (heldBy[node] ?? UNATTRIBUTED));
}
for (let n = topDown.length - 1; n > 0; n--) {
  const node = topDown[n];
  retained[node] += selfSize(node);
  retained[dominator[node]] += retained[node];
}
const byClass = new Map<string, [number, number]>();
const byPackage = new Map<string, [number, number]>();
const add = (map: Map<string, [number, number]>, key: string, size: number) => {
  const entry = map.get(key) ?? [0, 0];
  entry[0] += size;
  entry[1] += 1;
  map.set(key, entry);
};
for (let node = 0; node < nodeCount; node++) {
  const size = selfSize(node);
  total += size;
  if (dominator[node] < 0 && node !== 0) {
    unreachable += size;
    continue;
  }
  add(byClass, classOf(node), size);
  add(byPackage, owner[node], size);
}
const rows = (map: Map<string, [number, number]>) =>
  [...map].map(([name, [size, count]]) => [name, size, count] as [string, number, number]);
console.log(
  `\nheap snapshot: ${(total / MB).toFixed(1)} MB in ${nodeCount} objects` +
    ` (${(unreachable / MB).toFixed(1)} MB unreachable, garbage the next GC frees)`,
);
const reachableTotal = total - unreachable;
table('self size by constructor or type (MB, share, objects):', rows(byClass), reachableTotal);
table('self size by the package that retains it (MB, share, objects):', rows(byPackage), reachableTotal, 40);
// The objects that retain most of what they hold on their own: those held straight from the roots, or by objects
// of another package.
const biggest: [string, number][] = [];
for (const node of topDown.slice(1)) {
  const holder = dominator[node];
  if (typeOf(node) === 'synthetic' || retained[node] < 0.1 * MB) continue;
  if (typeOf(holder) !== 'synthetic' && owner[holder] === owner[node]) continue;
  const name = typeOf(node) === 'object' ? '' : ` ${nameOf(node).slice(0, 50).replace(/\s+/g, ' ')}`;
  biggest.push([`${classOf(node)}${name} [${owner[node]}]`, retained[node]]);
}
table('largest retainers (retained MB, share) [package]:', biggest, reachableTotal, 20);
