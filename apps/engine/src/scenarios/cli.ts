import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { formatReport, reportJson } from './format.js';
import { scenarioByName, scenarios } from './index.js';

export const SCENARIO_USAGE = `  rivulet scenario                   list the measured demo scenarios
  rivulet scenario <name> --evaluate run it bounded on a fixed seed; print its figures and goals
      --seed <n> --events <n>        exit 0 when every goal holds, 1 when not
      --fraud-rate <r>               fraud only: share of payments that are fraud (default 0.002)
      --json                         print every figure, baseline and goal as one JSON object
  rivulet scenario <name> --write <dir>
                                     write its live pipeline and the data files it reads to <dir>`;

export interface ScenarioArgs {
  name?: string;
  evaluate?: boolean;
  seed?: string;
  events?: string;
  write?: string;
  json?: boolean;
  fraudRate?: string;
}

/** The `scenario` subcommand; returns the exit code. */
export async function scenarioCommand(
  args: ScenarioArgs,
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<number> {
  if (args.name === undefined) {
    for (const s of scenarios) out(`${s.name.padEnd(18)} ${s.title}`);
    return 0;
  }
  const scenario = scenarioByName(args.name);
  if (!scenario) {
    err(`unknown scenario "${args.name}"; one of: ${scenarios.map((s) => s.name).join(', ')}`);
    return 2;
  }
  if (args.write !== undefined) {
    const dir = resolve(args.write);
    await mkdir(dir, { recursive: true });
    const seed = Number(
      scenario.template.document.nodes.find((n) => n.type === 'source.generator')?.params.seed ?? 1,
    );
    for (const file of scenario.dataFiles(seed))
      await writeFile(join(dir, file.path), file.lines.join('\n') + '\n');
    const pipeline = join(dir, `${scenario.name}.json`);
    await writeFile(pipeline, JSON.stringify(scenario.template.document, null, 2) + '\n');
    out(`wrote ${pipeline}; run it with: npx rivulet run ${pipeline}`);
    return 0;
  }
  if (!args.evaluate) {
    out(`${scenario.name}: ${scenario.template.summary}`);
    out(`evaluate it with: npx rivulet scenario ${scenario.name} --evaluate`);
    return 0;
  }
  const seed = args.seed === undefined ? scenario.defaults.seed : Number(args.seed);
  const events = args.events === undefined ? scenario.defaults.events : Number(args.events);
  if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(events) || events <= 0) {
    err('--seed must be a whole number and --events a positive whole number');
    return 2;
  }
  let fraudRate: number | undefined;
  if (args.fraudRate !== undefined) {
    fraudRate = Number(args.fraudRate);
    if (scenario.name !== 'fraud') {
      err('--fraud-rate applies to the fraud scenario only');
      return 2;
    }
    if (!Number.isFinite(fraudRate) || fraudRate < 0 || fraudRate > 0.5) {
      err('--fraud-rate must be a share between 0 and 0.5 (0.002 is 0.2 %)');
      return 2;
    }
  }
  const report = await scenario.evaluate({
    seed,
    events,
    ...(fraudRate !== undefined ? { fraudRate } : {}),
  });
  out(args.json ? JSON.stringify(reportJson(report)) : formatReport(report));
  return report.goals.every((g) => g.ok) ? 0 : 1;
}
