#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader, so the sources are the program (no build step for the server).
import { register } from 'tsx/esm/api';
register();
await import('../src/server/cli.ts');
