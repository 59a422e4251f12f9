import { sampleEntity } from '@simstream/protocol/testing';
import { describe, expect, it } from 'vitest';
import { createRestClient, StreamRequestError } from './rest.js';

/** A `fetch` answering every request with `body` and `status`. */
const answering =
  (body: unknown, status = 200): typeof fetch =>
  async () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('REST client: entities', () => {
  it('reads the entity out of the protocol body { seq, entity }', async () => {
    const entity = sampleEntity('BANK_007');
    const rest = createRestClient({
      baseUrl: 'http://x.test',
      fetch: answering({ seq: 12, entity }),
    });
    await expect(rest.fetchEntity('sim', 'BANK_007')).resolves.toEqual(entity);
  });

  it('rejects any other shape, e.g. a bare entity, as not matching the protocol', async () => {
    const rest = createRestClient({ baseUrl: 'http://x.test', fetch: answering(sampleEntity()) });
    await expect(rest.fetchEntity('sim', 'BANK_001')).rejects.toMatchObject({
      code: 'invalid_response',
    });
  });

  it('surfaces 404 unknown_entity with the server sentence', async () => {
    const message = 'No entity "NOPE" in simulation "sim".';
    const rest = createRestClient({
      baseUrl: 'http://x.test',
      fetch: answering({ error: { code: 'unknown_entity', message } }, 404),
    });
    const failure = rest.fetchEntity('sim', 'NOPE');
    await expect(failure).rejects.toBeInstanceOf(StreamRequestError);
    await expect(failure).rejects.toMatchObject({ code: 'unknown_entity', status: 404, message });
  });
});
