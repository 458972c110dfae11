// Child process for benchmarks: runs the emulator on a synthetic fleet and prints {endpoint, caCertPem} as one JSON
// line on stdout. Its own peak memory is printed on stderr when it receives SIGTERM.
// argv: one JSON {fleet: SyntheticFleetOptions, emulatorOptions: EmulatorOptions without seed} (see arm-bench-kit.mjs)
import { startEmulator } from '../dist/emulator/index.js';
import { syntheticFleetState } from '../dist/emulator/demo-fleet.js';

const { fleet, emulatorOptions } = JSON.parse(process.argv[2]);
const emulator = await startEmulator({ validateRequests: false, ...emulatorOptions, seed: syntheticFleetState(fleet) });
process.stdout.write(JSON.stringify({ endpoint: emulator.endpoint, caCertPem: emulator.caCertPem }) + '\n');
process.on('SIGTERM', async () => {
  process.stderr.write(JSON.stringify({ emulatorPeakRssMiB: process.resourceUsage().maxRSS / 1024 }) + '\n');
  await emulator.stop();
  process.exit(0);
});
