import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ExitCode } from '../exit-codes.js';
import type { GlobalOptions } from '../cli/global-options.js';

interface ServeOptions extends GlobalOptions {
  port: number;
  state: string;
  seed: 'demo' | 'demo-hubs' | 'empty';
  latencyMs: number;
  lroDurationMs: number;
  throttle?: boolean;
}

/**
 * `emulator serve`: runs until SIGINT/SIGTERM. Stdout gets the endpoint and CA file (data a script can read);
 * the how-to hint goes to stderr.
 */
export async function emulatorServeCommand(options: ServeOptions): Promise<number> {
  const { startEmulator } = await import('../emulator/index.js');
  const emulator = await startEmulator({
    port: options.port,
    stateFile: resolve(options.state),
    seed: options.seed,
    latencyMs: options.latencyMs,
    lroDurationMs: options.lroDurationMs,
    throttle: options.throttle === true,
  });
  process.stdout.write(`endpoint ${emulator.endpoint}\nca-file ${emulator.caCertPath}\nstate-file ${resolve(options.state)}\n`);
  process.stderr.write(
    `aml-isolate emulator listening on ${emulator.endpoint} (Ctrl-C to stop). Use it with:\n` +
      `  NODE_EXTRA_CA_CERTS=${emulator.caCertPath} aml-isolate audit --arm-endpoint ${emulator.endpoint} --credential emulator\n`,
  );
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await emulator.stop();
  return ExitCode.ok;
}

/** `emulator reset`: a new state file seeded with the chosen fleet. */
export async function emulatorResetCommand(options: { state: string; seed: 'demo' | 'demo-hubs' | 'empty' }): Promise<number> {
  const stateFile = resolve(options.state);
  await rm(stateFile, { force: true });
  const { startEmulator } = await import('../emulator/index.js');
  const emulator = await startEmulator({ stateFile, seed: options.seed });
  await emulator.stop();
  process.stderr.write(`aml-isolate: emulator state reset (${options.seed} fleet) in ${stateFile}\n`);
  return ExitCode.ok;
}
