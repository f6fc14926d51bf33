import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startStaticServer, type StaticServer } from '../../../src/cli/serve.ts';
import { CONTENT_SECURITY_POLICY } from '../../../src/worker/content-security-policy.ts';

// The e2e tests and bench:browser trust this server to serve exactly the build and nothing else.

let root: string;
let outside: string;
let server: StaticServer;

/** Raw GET with the path sent as is (fetch would normalise '..' away before it reaches the server). */
function get(
  path: string,
  from: StaticServer = server,
): Promise<{ status: number; type: string | undefined; location?: string; body: string; policy?: string }> {
  return new Promise((done, fail) => {
    const url = new URL(from.origin);
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () =>
        done({
          status: res.statusCode ?? 0,
          type: res.headers['content-type'],
          location: res.headers.location,
          body,
          policy: res.headers['content-security-policy'] as string | undefined,
        }),
      );
    });
    req.once('error', fail);
    req.end();
  });
}

beforeAll(async () => {
  const base = await mkdtemp(join(tmpdir(), 'matinee-serve-'));
  root = join(base, 'dist');
  outside = join(base, 'secret.txt');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>app</title>');
  await writeFile(join(root, 'manifest.webmanifest'), '{}');
  await writeFile(join(root, 'assets', 'snapshot-ab12.bin'), new Uint8Array([1, 2, 3]));
  await writeFile(outside, 'do not serve');
  server = await startStaticServer({ root, basePath: '/matinee/' });
});
afterAll(async () => {
  await server?.close();
  if (root) await rm(join(root, '..'), { recursive: true, force: true });
});

describe('startStaticServer under a sub-path', () => {
  test('serves index.html for the base path and files with their types', async () => {
    expect(server.url).toBe(`${server.origin}/matinee/`);
    expect(await get('/matinee/')).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(await get('/matinee/manifest.webmanifest')).toMatchObject({
      status: 200,
      type: 'application/manifest+json',
    });
    expect(await get('/matinee/assets/snapshot-ab12.bin')).toMatchObject({
      status: 200,
      type: 'application/octet-stream',
    });
  });

  test('redirects the bare sub-path and serves nothing outside it', async () => {
    expect(await get('/matinee')).toMatchObject({ status: 301, location: '/matinee/' });
    expect((await get('/index.html')).status).toBe(404);
    expect((await get('/matinee/missing.js')).status).toBe(404);
  });

  test('never serves a file outside the root, however the path is spelled', async () => {
    for (const path of ['/matinee/../secret.txt', '/matinee/%2e%2e/secret.txt', '/matinee/..%2fsecret.txt']) {
      const reply = await get(path);
      expect(reply.status, path).toBe(404);
      expect(reply.body, path).not.toContain('do not serve');
    }
  });

  test('logs each body it sends, and a new root takes effect at once', async () => {
    const before = server.transfers.length;
    await get('/matinee/assets/snapshot-ab12.bin');
    expect(server.transfers.slice(before)).toEqual([{ path: '/matinee/assets/snapshot-ab12.bin', bytes: 3 }]);
    server.setRoot(join(root, 'assets'));
    expect((await get('/matinee/snapshot-ab12.bin')).status).toBe(200);
    server.setRoot(root);
  });
});

describe('the Content-Security-Policy header (issue 18, case 4)', () => {
  test('comes with every response, so that the workers are held to it as the page is', async () => {
    for (const path of ['/matinee/', '/matinee/assets/snapshot-ab12.bin', '/matinee/missing.js'])
      expect((await get(path)).policy, path).toBe(CONTENT_SECURITY_POLICY);
  });

  test('is left out when asked, as a plain static host leaves it out', async () => {
    const plain = await startStaticServer({ root, basePath: '/matinee/', policyHeader: false });
    try {
      expect(await get('/matinee/', plain)).toMatchObject({ status: 200, policy: undefined });
    } finally {
      await plain.close();
    }
  });
});

describe('startStaticServer with gzip, as hosts serve a phone (npm run lighthouse)', () => {
  /** Raw GET with the given Accept-Encoding: the body as bytes, with the encoding the server chose. */
  function fetchRaw(
    origin: string,
    path: string,
    accept: string,
  ): Promise<{ encoding: string | undefined; body: Buffer }> {
    return new Promise((done, fail) => {
      const url = new URL(origin);
      const headers = accept ? { 'accept-encoding': accept } : {};
      const req = request({ host: url.hostname, port: url.port, path, method: 'GET', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
      });
      req.once('error', fail);
      req.end();
    });
  }

  test('gzips text for a client that accepts it, never the snapshot (gzipped already), and logs the bytes sent', async () => {
    const zipping = await startStaticServer({ root, basePath: '/', gzip: true });
    try {
      const html = await fetchRaw(zipping.origin, '/index.html', 'gzip, deflate, br');
      expect(html.encoding).toBe('gzip');
      expect(gunzipSync(html.body).toString()).toBe('<!doctype html><title>app</title>');
      expect(zipping.transfers.at(-1)).toEqual({ path: '/index.html', bytes: html.body.length });
      const plain = await fetchRaw(zipping.origin, '/index.html', '');
      expect(plain.encoding).toBeUndefined();
      expect(plain.body.toString()).toBe('<!doctype html><title>app</title>');
      const snapshot = await fetchRaw(zipping.origin, '/assets/snapshot-ab12.bin', 'gzip');
      expect(snapshot.encoding).toBeUndefined();
      expect([...snapshot.body]).toEqual([1, 2, 3]);
    } finally {
      await zipping.close();
    }
  });
});
