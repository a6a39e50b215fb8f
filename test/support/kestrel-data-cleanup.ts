// setupFiles of the integration projects: the data dirs startKestrel made go after each test
// file. A setup file's afterAll runs after the file's own (hooks run as a stack), so after
// its Kestrel processes were stopped.
import { afterAll } from 'vitest';
import { removeOwnDataDirs } from './kestrel-process.ts';

afterAll(removeOwnDataDirs);
