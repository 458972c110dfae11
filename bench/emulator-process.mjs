// Child process for benchmarks: runs the emulator on a synthetic fleet and prints {endpoint, caCertPem} as one JSON
// line on stdout. Its own peak memory is printed on stderr when it receives SIGTERM.
// argv: subscriptions workspacesPerSubscription latencyMs lroDurationMs throttle(0|1) [linkedResources(0|1)]
import { startEmulator } from '../dist/emulator/index.js';
import { syntheticFleetState } from '../dist/emulator/demo-fleet.js';

const [subs, perSub, latencyMs, lroDurationMs, throttle, linked] = process.argv.slice(2).map(Number);
const emulator = await startEmulator({
  seed: syntheticFleetState({ subscriptions: subs, workspacesPerSubscription: perSub, linkedResources: linked === 1 }),
  latencyMs,
  lroDurationMs,
  throttle: throttle === 1,
  validateRequests: false,
});
process.stdout.write(JSON.stringify({ endpoint: emulator.endpoint, caCertPem: emulator.caCertPem }) + '\n');
process.on('SIGTERM', async () => {
  process.stderr.write(JSON.stringify({ emulatorPeakRssMiB: process.resourceUsage().maxRSS / 1024 }) + '\n');
  await emulator.stop();
  process.exit(0);
});
