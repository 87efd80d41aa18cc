/**
 * The one harness every benchmark here uses: several rounds of one tinybench run each, every
 * task once per round, the ratio of each task to its raw baseline taken **within** the round
 * (these 2-core machines are noisy; two figures from different moments are not comparable),
 * and the median of the per-round figures reported. Nothing here asserts a timing.
 */
import { Bench } from 'tinybench';

/** One task: what it is, what it runs, and the name of the raw baseline it is set beside. */
export interface BenchTask {
  name: string;
  run: () => Promise<void> | void;
  /** The task it is compared with (a baseline has none: its ratio is 1). */
  baseline?: string;
}

/** One measured task. */
export interface BenchRow {
  name: string;
  /** Operations per second: 1000 / mean latency in ms, median over the rounds. */
  opsPerSecond: number;
  /** `opsPerSecond` over its baseline's in the same round, median over the rounds. */
  ratioToRaw: number;
  baseline?: string;
}

/** The median of a list of numbers (the upper one for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/**
 * Runs `tasks` for `rounds` rounds of `time` ms each and returns one row per task.
 *
 * @example
 * ```ts
 * const rows = await measure([
 *   { name: 'raw', run: () => sign(null, message, key) },
 *   { name: 'sdk', run: () => signQr(payload, key), baseline: 'raw' },
 * ]);
 * printRows('QR', rows);
 * ```
 */
export async function measure(
  tasks: readonly BenchTask[],
  options: { rounds?: number; time?: number } = {},
): Promise<BenchRow[]> {
  const rounds = options.rounds ?? 5;
  const ops: Record<string, number[]> = {};
  const ratios: Record<string, number[]> = {};
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ time: options.time ?? 1000, warmupTime: 200 });
    // Every task runs as an async task, the baselines too: tinybench charges an async task
    // an extra await per iteration, which would otherwise be charged to the SDK's side alone.
    for (const task of tasks) {
      bench.add(task.name, async () => {
        await task.run();
      });
    }
    await bench.run();
    const perSecond = (name: string): number => {
      const result = bench.tasks.find((t) => t.name === name)?.result;
      return result?.state === 'completed' ? 1000 / result.period : Number.NaN;
    };
    for (const task of tasks) {
      const own = perSecond(task.name);
      ops[task.name] = [...(ops[task.name] ?? []), own];
      ratios[task.name] = [
        ...(ratios[task.name] ?? []),
        task.baseline ? own / perSecond(task.baseline) : 1,
      ];
    }
  }
  return tasks.map((task) => ({
    name: task.name,
    opsPerSecond: median(ops[task.name]!),
    ratioToRaw: median(ratios[task.name]!),
    ...(task.baseline ? { baseline: task.baseline } : {}),
  }));
}

/**
 * Prints rows as a table: ops/s and the ratio to the baseline.
 *
 * @example
 * ```ts
 * printRows('QR codes, median of 5 rounds', rows);
 * ```
 */
export function printRows(
  title: string,
  rows: readonly BenchRow[],
  log: (line: string) => void = console.log,
): void {
  log(title);
  const width = Math.max(...rows.map((row) => row.name.length));
  for (const row of rows) {
    log(
      `  ${row.name.padEnd(width)} ${Math.round(row.opsPerSecond).toString().padStart(8)} ops/s  ${row.ratioToRaw.toFixed(2)}×${row.baseline ? ` ${row.baseline}` : ''}`,
    );
  }
}
