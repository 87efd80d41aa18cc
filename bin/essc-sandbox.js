#!/usr/bin/env node
// The essc-sandbox command: the reference e-card platform over HTTP, for development only.
import { runSandboxCli } from '../dist/sandbox.js';

await runSandboxCli(process.argv.slice(2));
