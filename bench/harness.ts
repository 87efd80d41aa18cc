/**
 * The one harness every benchmark here uses: several rounds; in each round every task runs in
 * short slices, **interleaved** (a slice of each task in turn, the order reversed every other
 * pass), so a task and its raw baseline are timed at the same moments. These 2-core machines
 * are shared, and their load moves within seconds: timed one after another for a second each
 * (tinybench's way, used before issue 25), a ratio moved by 2× between rounds. The ratio of
 * each task to its baseline is taken within the round and the median of the rounds reported,
 * with their spread. Nothing here asserts a timing.
 */
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
  /** Operations per second (calls over the time they took in the round), median over the rounds. */
  opsPerSecond: number;
  /** `opsPerSecond` over its baseline's in the same round, median over the rounds. */
  ratioToRaw: number;
  /** The lowest and highest per-round ratio (the spread the median hides). */
  ratioRange: [number, number];
  baseline?: string;
}

/** The median of a list of numbers (the upper one for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/**
 * Runs `run` one call after another for about `ms`; answers the calls made and the time they
 * took.
 *
 * @example
 * ```ts
 * const { calls, ms } = await slice(() => verify(null, message, key, signature), 50);
 * ```
 */
export async function slice(
  run: BenchTask['run'],
  ms: number,
): Promise<{ calls: number; ms: number }> {
  const started = performance.now();
  const end = started + ms;
  let calls = 0;
  let now = started;
  while (now < end) {
    // Awaited whether or not it returns a promise: the baselines are charged the same await.
    await run();
    calls++;
    now = performance.now();
  }
  return { calls, ms: now - started };
}

/**
 * Runs `tasks` for `rounds` rounds of about `time` ms per task, in interleaved slices of
 * `sliceMs`, and returns one row per task.
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
  options: { rounds?: number; time?: number; sliceMs?: number } = {},
): Promise<BenchRow[]> {
  const rounds = options.rounds ?? 5;
  const time = options.time ?? 1000;
  const sliceMs = options.sliceMs ?? 50;
  const ops: Record<string, number[]> = {};
  const ratios: Record<string, number[]> = {};
  // Warm-up: the JIT, caches, the first GCs.
  for (const task of tasks) await slice(task.run, 200);
  for (let round = 0; round < rounds; round++) {
    const calls: Record<string, number> = {};
    const spent: Record<string, number> = {};
    const passes = Math.max(1, Math.round(time / sliceMs));
    for (let pass = 0; pass < passes; pass++) {
      const order = pass % 2 === 0 ? tasks : [...tasks].reverse();
      for (const task of order) {
        const done = await slice(task.run, sliceMs);
        calls[task.name] = (calls[task.name] ?? 0) + done.calls;
        spent[task.name] = (spent[task.name] ?? 0) + done.ms;
      }
    }
    const perSecond = (name: string): number => (1000 * calls[name]!) / spent[name]!;
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
    ratioRange: [Math.min(...ratios[task.name]!), Math.max(...ratios[task.name]!)],
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
      `  ${row.name.padEnd(width)} ${Math.round(row.opsPerSecond).toString().padStart(8)} ops/s  ${row.ratioToRaw.toFixed(2)}×${row.baseline ? ` ${row.baseline} (rounds ${row.ratioRange[0].toFixed(2)}–${row.ratioRange[1].toFixed(2)})` : ''}`,
    );
  }
}
