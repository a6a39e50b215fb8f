#!/bin/sh
# bench/scale compiled to JavaScript and run by plain node, as the production server runs: its
# RSS then holds no tsx loader (about 40 MB of the figure under `npx tsx`). Same arguments.
set -e
cd "$(dirname "$0")/../.."
node node_modules/typescript/bin/tsc -p bench/scale/tsconfig.json
exec node dist-bench/bench/scale/main.js "$@"
