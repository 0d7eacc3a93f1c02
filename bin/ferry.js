#!/usr/bin/env node
// The `ferry` command: runs the TypeScript CLI through tsx, so the CLI and the page share one core, unbuilt.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
