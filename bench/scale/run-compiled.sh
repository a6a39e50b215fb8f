#!/bin/sh
# bench/scale compiled to JavaScript and run by plain node, as the production server runs: its
# RSS then holds no tsx loader (about 40 MB of the figure under `npx tsx`), and it runs with the
# production server's memory settings (bin/node-production). Same arguments.
set -e
cd "$(dirname "$0")/../.."
node node_modules/typescript/bin/tsc -p bench/scale/tsconfig.json
exec bin/node-production dist-bench/bench/scale/main.js "$@"
