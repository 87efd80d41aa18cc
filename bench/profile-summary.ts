/**
 * Summarises a V8 CPU profile (`.cpuprofile`, from `node --cpu-prof` or
 * bench/profile-charge.ts): the functions with the most self time, and the inclusive share of
 * the functions whose name matches each pattern given (`name` or `name@file`):
 *
 *   npx tsx bench/profile-summary.ts charge.cpuprofile [pattern …]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

const [file, ...patterns] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [pattern …]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes)
  for (const child of node.children ?? []) parent.set(child, node.id);
const self = new Map<number, number>();
for (const id of profile.samples) self.set(id, (self.get(id) ?? 0) + 1);
const total = profile.samples.length;
const label = (node: ProfileNode) => {
  const url = node.callFrame.url.replace(/^.*\/(node_modules\/|dist\/|src\/)/, '$1');
  return `${node.callFrame.functionName || '(anonymous)'}@${url}:${node.callFrame.lineNumber + 1}`;
};
const pct = (n: number) => `${((100 * n) / total).toFixed(1).padStart(5)}%`;

const selfByLabel = new Map<string, number>();
for (const [id, count] of self) {
  const key = label(byId.get(id)!);
  selfByLabel.set(key, (selfByLabel.get(key) ?? 0) + count);
}
console.log(`${total} samples`);
console.log('self time, top 40:');
for (const [key, count] of [...selfByLabel].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
  console.log(`  ${pct(count)}  ${key}`);
}
// Inclusive: a sample counts once for a pattern when any frame of its stack matches.
if (patterns.length > 0) console.log('inclusive:');
for (const pattern of patterns) {
  const re = new RegExp(pattern);
  let count = 0;
  for (const [id, samples] of self) {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      if (re.test(label(byId.get(at)!))) {
        count += samples;
        break;
      }
    }
  }
  console.log(`  ${pct(count)}  ${pattern}`);
}
