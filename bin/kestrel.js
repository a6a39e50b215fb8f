#!/usr/bin/env node
// npm bin entry: runs the TypeScript sources through tsx, so `kestrel check-config`
// works right after `npm ci` without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../server/main.ts');
process.exit(await main(process.argv.slice(2)));
