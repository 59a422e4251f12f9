import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../serverTestkit.js';

const t = useTestServer({ HTTP_RATE_LIMIT: '1000' });

/** Every 4xx/5xx body: `{ error: { code, message } }` with a sentence, as JSON. */
async function expectError(response: Response, status: number, code: string): Promise<string> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
  expect(body.error?.code).toBe(code);
  expect(body.error?.message).toMatch(/^[A-Z].{10,}\.$/);
  return body.error!.message as string;
}

/** Raw bytes to the server; resolves with everything it answered before closing. */
function rawExchange(url: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

const post = (path: string, body: string | undefined, headers: Record<string, string> = {}) =>
  fetch(`${t.url}/api/v1${path}`, { method: 'POST', body, headers });

describe('one error shape on every path', () => {
  it('every id the protocol accepts (128 characters, with : . _ -) works on every route', async () => {
    const id = `a:b.c_d-${'x'.repeat(120)}`;
    expect(id).toHaveLength(128);
    const created = await post('/simulations', JSON.stringify({ id, autoStart: false, banks: 4 }), {
      'content-type': 'application/json',
    });
    expect(created.status).toBe(201);
    const path = `${t.url}/api/v1/simulations/${encodeURIComponent(id)}`;
    for (const suffix of ['', '/snapshot', '/events?since=0', '/decisions']) {
      expect((await fetch(`${path}${suffix}`)).status, suffix).toBe(200);
    }
    for (const action of ['resume', 'pause', 'reset']) {
      expect((await fetch(`${path}/${action}`, { method: 'POST' })).status, action).toBe(200);
    }
    expect((await fetch(path, { method: 'DELETE' })).status).toBe(204);
    await expectError(await fetch(path), 404, 'unknown_simulation');
  });

  it('an id longer than the protocol allows is refused on create, and routes answer in shape', async () => {
    const long = 'x'.repeat(129);
    await expectError(
      await post('/simulations', JSON.stringify({ id: long }), {
        'content-type': 'application/json',
      }),
      400,
      'invalid_message',
    );
    await expectError(await fetch(`${t.url}/api/v1/simulations/${long}`), 400, 'invalid_message');
    const message = await expectError(
      await fetch(`${t.url}/api/v1/simulations/${'y'.repeat(5_000)}/snapshot`),
      400,
      'invalid_message',
    );
    expect(message).toContain('at most 128 characters');
  });

  it('malformed percent-encoding is a JSON 400, not Fastify’s own body', async () => {
    const message = await expectError(
      await fetch(`${t.url}/api/v1/simulations/%E0%A4%A/snapshot`),
      400,
      'invalid_message',
    );
    expect(message).toContain('percent-encoding');
  });

  it('a JSON null body on create is a 400; no body at all still means defaults', async () => {
    await expectError(
      await post('/simulations', 'null', { 'content-type': 'application/json' }),
      400,
      'invalid_message',
    );
    expect(t.server.hub.list()).toHaveLength(0);
    expect((await post('/simulations', undefined)).status).toBe(201);
  });

  it('CORS preflights: a refused origin gets 403 forbidden_origin, an allowed one 204, a malformed one 400', async () => {
    const preflight = (headers: Record<string, string>) =>
      fetch(`${t.url}/api/v1/simulations`, { method: 'OPTIONS', headers });
    await expectError(
      await preflight({
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
      }),
      403,
      'forbidden_origin',
    );
    const allowed = await preflight({
      origin: 'http://localhost:5173',
      'access-control-request-method': 'POST',
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    await expectError(await preflight({}), 400, 'invalid_message');
  });

  it('what Node’s HTTP parser refuses (huge headers, not HTTP) is answered in shape too', async () => {
    const huge = await rawExchange(
      t.url,
      `GET /api/v1/simulations HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(huge).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(huge.split('\r\n\r\n')[1]!)).toMatchObject({
      error: { code: 'payload_too_large' },
    });
    const junk = await rawExchange(t.url, '\x16\x03\x01 not http at all\r\n\r\n');
    expect(junk).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(junk.split('\r\n\r\n')[1]!)).toMatchObject({
      error: { code: 'invalid_message', message: 'The request is not valid HTTP/1.1.' },
    });
  });
});
