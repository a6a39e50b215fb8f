// Viewer sign-in end to end: a hash made by the real `kestrel hash-password` command, put in
// the YAML config of a real Kestrel process. No Kafka needed: the cluster is simply down.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type KestrelProcess, startKestrel } from '../support/kestrel-process.ts';

const BIN = resolve(import.meta.dirname, '../../bin/kestrel.js');
const PASSWORD = 'a viewer passphrase';

function hashPassword(password: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'hash-password'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  child.stdin.end(`${password}\n`);
  return new Promise((done) => child.once('exit', (code) => done({ code, stdout, stderr })));
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe('viewer sign-in with a hash from kestrel hash-password', () => {
  let kestrel: KestrelProcess;
  const basic = (user: string, password: string) =>
    `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const get = (path: string, authorization?: string) =>
    fetch(`${kestrel.url}${path}`, { headers: authorization ? { authorization } : {} });

  beforeAll(async () => {
    const hashed = await hashPassword(PASSWORD);
    expect(hashed.code, hashed.stderr).toBe(0);
    kestrel = await startKestrel({
      config: {
        auth: { viewers: [{ username: 'ops', passwordHash: hashed.stdout.trim() }] },
        clusters: [{ name: 'down', brokers: [`127.0.0.1:${await closedPort()}`], requestTimeout: '1s' }],
      },
    });
    await eventually(async () => ((await get('/livez')).status === 200 ? true : undefined), 30_000, '/livez');
  });
  afterAll(async () => {
    await kestrel?.stop();
  });

  it('refuses reads without credentials or with a wrong password, and serves them to the viewer', async () => {
    const anonymous = await get('/api/v1/clusters');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Basic');
    expect((await get('/api/v1/clusters', basic('ops', 'wrong'))).status).toBe(401);
    const signedIn = await get('/api/v1/clusters', basic('ops', PASSWORD));
    expect(signedIn.status).toBe(200);
    expect(((await signedIn.json()) as { items: { name: string }[] }).items[0]!.name).toBe('down');
    const auth = await get('/api/v1/auth', basic('ops', PASSWORD));
    expect(await auth.json()).toEqual({ adminEnabled: false, viewerAuth: true });
  });

  it('never shows the hash, and refuses an empty password on stdin', async () => {
    const config = (await (await get('/api/v1/config', basic('ops', PASSWORD))).json()) as {
      auth: { viewers: unknown[] };
    };
    expect(config.auth.viewers[0]).toEqual({ username: 'ops', passwordHash: '<redacted>' });
    const empty = await hashPassword('');
    expect(empty.code).toBe(1);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toContain('no password');
  });
});
