import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { createGzip } from 'node:zlib';
import { isMainModule, parseCli } from './cli-args.ts';
import { CONTENT_SECURITY_POLICY } from '../worker/content-security-policy.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.bin': 'application/octet-stream',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

export interface StaticServer {
  /** Origin plus base path, ending in '/': where index.html is served. */
  readonly url: string;
  readonly origin: string;
  /** Every file body sent so far (path and bytes), in order: ground truth for what crossed the network. */
  readonly transfers: Transfer[];
  /** Serve another build from now on (same origin): how a deployed update looks to an installed app. */
  setRoot(dir: string): void;
  close(): Promise<void>;
}

export interface Transfer {
  path: string;
  bytes: number;
}

export interface StaticServerOptions {
  root: string;
  /** Sub-path the app is served under, e.g. '/matinee/'. Default '/'. */
  basePath?: string;
  /** 0 picks a free port. */
  port?: number;
  /**
   * false: hashed assets are sent with no-cache too, like a host that sets no caching headers, so the HTTP cache
   * cannot hide a second download of one file (tests count what crossed the network). Default true.
   */
  cacheAssets?: boolean;
  host?: string;
  /**
   * true (the default): every response carries the app's Content-Security-Policy header, which binds the workers
   * too. false: no policy header, like a plain static host (the page then has only its <meta> policy).
   */
  policyHeader?: boolean;
  /**
   * Gzip text files (HTML, scripts, styles, manifests, SVG) for clients that accept it, as real static hosts do:
   * how a phone's first visit is measured (npm run lighthouse). Default false: tests see the files' own bytes.
   */
  gzip?: boolean;
}

/** What hosts compress: text. Images and the snapshot (already gzip inside) would only grow. */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.webmanifest', '.svg', '.txt', '.map']);

/**
 * A minimal static file server for a built dist/: no SPA fallback, and no compression unless asked, so tests see
 * exactly the files the build emitted. Everything outside basePath is 404, which makes a sub-path deployment's wrong
 * absolute URLs fail. It sends the Content-Security-Policy header unless told not to.
 */
export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const basePath = normaliseBasePath(options.basePath ?? '/');
  let root = resolve(options.root);
  const transfers: Transfer[] = [];
  const server: Server = createServer((req, res) => {
    void respond(req.url ?? '/', req.method ?? 'GET').then(
      (reply) => {
        if (options.policyHeader !== false) reply.headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
        const gzip =
          options.gzip === true &&
          reply.file !== undefined &&
          COMPRESSIBLE.has(extname(reply.file)) &&
          /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
        if (gzip) {
          delete reply.headers['content-length'];
          Object.assign(reply.headers, { 'content-encoding': 'gzip', vary: 'Accept-Encoding' });
        }
        res.writeHead(reply.status, reply.headers);
        if (reply.file && req.method !== 'HEAD') {
          const body = createReadStream(reply.file);
          if (gzip) {
            const zipped = body.pipe(createGzip());
            let bytes = 0;
            zipped.on('data', (chunk: Buffer) => (bytes += chunk.length));
            zipped.on('end', () => transfers.push({ path: req.url ?? '/', bytes }));
            zipped.pipe(res);
          } else {
            transfers.push({ path: req.url ?? '/', bytes: Number(reply.headers['content-length']) });
            body.pipe(res);
          }
        } else res.end(reply.body ?? '');
      },
      (error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      },
    );
  });

  async function respond(rawUrl: string, method: string): Promise<Reply> {
    if (method !== 'GET' && method !== 'HEAD') return { status: 405, headers: {}, body: 'method not allowed' };
    const pathname = decodeURIComponent(new URL(rawUrl, 'http://x').pathname);
    if (pathname === basePath.slice(0, -1)) return { status: 301, headers: { location: basePath } };
    if (!pathname.startsWith(basePath)) return notFound(pathname);
    let relative = pathname.slice(basePath.length);
    if (relative === '' || relative.endsWith('/')) relative += 'index.html';
    const file = normalize(join(root, relative));
    if (!file.startsWith(root + sep)) return notFound(pathname);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return notFound(pathname);
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    // Hashed assets never change; everything else (index.html, sw.js, manifest) must be revalidated so an update
    // is noticed, as on any sane static host.
    const immutable = options.cacheAssets !== false && relative.startsWith('assets/');
    const cache = immutable ? 'public, max-age=31536000, immutable' : 'no-cache';
    return {
      status: 200,
      headers: { 'content-type': type, 'content-length': info.size, 'cache-control': cache },
      file,
    };
  }

  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => ready());
  });
  const address = server.address() as AddressInfo;
  const origin = `http://${address.address}:${address.port}`;
  return {
    url: origin + basePath,
    origin,
    transfers,
    setRoot(dir: string) {
      root = resolve(dir);
    },
    close: () =>
      new Promise<void>((done, fail) => {
        server.closeAllConnections();
        server.close((error) => (error ? fail(error) : done()));
      }),
  };
}

interface Reply {
  status: number;
  headers: Record<string, string | number>;
  body?: string;
  file?: string;
}

function notFound(pathname: string): Reply {
  return { status: 404, headers: { 'content-type': 'text/plain' }, body: `not found: ${pathname}` };
}

function normaliseBasePath(path: string): string {
  const withLead = path.startsWith('/') ? path : `/${path}`;
  return withLead.endsWith('/') ? withLead : `${withLead}/`;
}

// CLI: npm run serve (flags: --help)
if (isMainModule(import.meta.url)) {
  const {
    values: { base, port, gzip },
    positionals: { DIR: dir },
  } = parseCli({
    name: 'serve',
    command: 'npx tsx src/cli/serve.ts',
    about:
      'Serves a built app (no SPA fallback, compressed only with --gzip, the Content-Security-Policy header on every\n' +
      'response) on localhost, as the e2e tests and benches see it.',
    positionals: [{ name: 'DIR', help: 'the built app', default: 'dist', path: 'dir' }],
    flags: {
      base: { type: 'string', value: 'PATH', default: '/', help: 'the sub-path it is served under, e.g. /matinee/' },
      port: {
        type: 'number',
        value: 'N',
        integer: true,
        min: 0,
        max: 65535,
        default: 4173,
        help: '0 picks a free port',
      },
      gzip: { type: 'boolean', help: 'gzip text files for clients that accept it, as real static hosts do' },
    },
  });
  const server = await startStaticServer({ root: dir, basePath: base, port, gzip });
  console.log(`Serving ${dir} at ${server.url}`);
}
