import * as v from 'valibot';
import { LIMITS } from './constants.js';
import type { ErrorCode, ProtocolError } from './commands.js';

/** Result of parsing untrusted input: never throws. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: ProtocolError };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Walks a JSON-like value and reports the first structural problem (depth, prototype keys). */
function findStructuralProblem(value: unknown, depth: number, path: string): string | null {
  if (depth > LIMITS.depth)
    return `${path || 'message'} is nested deeper than ${LIMITS.depth} levels`;
  if (value === null || typeof value !== 'object') return null;
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) {
    return `${path || 'message'} must be a plain JSON object`;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return `${path ? `${path}.` : ''}${key} is not an allowed key`;
    const problem = findStructuralProblem(
      (value as Record<string, unknown>)[key],
      depth + 1,
      path ? `${path}.${key}` : key,
    );
    if (problem) return problem;
  }
  return null;
}

/** Build a protocol error. */
export function protocolError(
  code: ErrorCode,
  message: string,
  issues?: ProtocolError['issues'],
): ProtocolError {
  return issues && issues.length > 0 ? { code, message, issues } : { code, message };
}

/**
 * Validate untrusted input against a protocol schema. Never throws: returns the typed value
 * or an `invalid_message` error whose `message` is a readable sentence and whose `issues`
 * name each offending field. Rejects `__proto__`/`constructor`/`prototype` keys, non-plain
 * objects and over-deep nesting before the schema runs.
 *
 * @example
 * const parsed = parseMessage(subscribeRequestSchema, payload, 'subscribe');
 * if (!parsed.ok) return ack({ ok: false, error: parsed.error });
 */
export function parseMessage<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
  what = 'message',
): ParseResult<v.InferOutput<S>> {
  try {
    if (input === undefined) {
      return {
        ok: false,
        error: protocolError('invalid_message', `${what} is missing its payload`),
      };
    }
    const problem = findStructuralProblem(input, 0, '');
    if (problem)
      return { ok: false, error: protocolError('invalid_message', `Invalid ${what}: ${problem}.`) };
    const result = v.safeParse(schema, input);
    if (result.success) return { ok: true, value: result.output };
    const issues = result.issues.map((issue) => ({
      path: v.getDotPath(issue) ?? '(root)',
      message: issue.message,
    }));
    const summary = issues
      .slice(0, 3)
      .map((i) => (i.path === '(root)' ? i.message : `${i.path}: ${i.message}`))
      .join('; ');
    const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
    return {
      ok: false,
      error: protocolError('invalid_message', `Invalid ${what}: ${summary}${more}.`, issues),
    };
  } catch (err) {
    return {
      ok: false,
      error: protocolError(
        'invalid_message',
        `Invalid ${what}: ${err instanceof Error ? err.message : 'unreadable input'}.`,
      ),
    };
  }
}

/**
 * Parse a JSON text from an untrusted peer (raw WebSocket, HTTP body) and validate it.
 * Refuses texts over `maxBytes` with `payload_too_large`.
 */
export function parseJsonMessage<S extends v.GenericSchema>(
  schema: S,
  text: string,
  what = 'message',
  maxBytes: number = LIMITS.clientMessageBytes,
): ParseResult<v.InferOutput<S>> {
  if (text.length > maxBytes) {
    return {
      ok: false,
      error: protocolError(
        'payload_too_large',
        `The ${what} is larger than ${maxBytes} bytes; send a smaller message.`,
      ),
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {
      ok: false,
      error: protocolError('invalid_message', `Invalid ${what}: not valid JSON.`),
    };
  }
  return parseMessage(schema, value, what);
}
