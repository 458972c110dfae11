#!/usr/bin/env node
import { runCli } from './cli/run-cli.js';

// The entry point does nothing but hand over: every command module is imported lazily, so `--help` and `--version`
// never load the Azure SDK (bench/startup.mjs measures it).
process.exitCode = await runCli(process.argv.slice(2));
