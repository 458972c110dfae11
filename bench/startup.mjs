// Start-up time of the CLI: `--version` and `--help` must stay fast because they never load the Azure SDK.
// Prints the median and p90 wall time of N runs of each, next to a bare `node -e 0` for reference.
// Run: npm run build && node bench/startup.mjs [runs]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 15);
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const cases = [
  ['node -e 0 (baseline)', ['-e', '0']],
  ['aml-isolate --version', [cli, '--version']],
  ['aml-isolate --help', [cli, '--help']],
  ['aml-isolate audit --help', [cli, 'audit', '--help']],
];

function time(args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

console.log(`startup benchmark, Node ${process.version}, ${runs} runs each`);
for (const [name, args] of cases) {
  time(args); // warm the file cache
  const samples = Array.from({ length: runs }, () => time(args)).sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  const p90 = samples[Math.floor(samples.length * 0.9)];
  console.log(`${name.padEnd(28)} median ${median.toFixed(1).padStart(7)} ms   p90 ${p90.toFixed(1).padStart(7)} ms`);
}
