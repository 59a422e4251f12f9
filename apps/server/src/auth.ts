import { type Grant, ROLES, type Role } from '@simstream/hub';
import { type JWTPayload, type JWTVerifyGetKey, createRemoteJWKSet, jwtVerify } from 'jose';

/** Who a verified token belongs to, and what it allows. */
export interface Principal {
  /** The token's `sub`, used as the viewer label (`answered_by`). */
  subject: string | null;
  /** Role and simulations from the token's claims; undefined on an open server. */
  grant?: Grant;
  /** When the token stops being valid (epoch ms, from `exp`), or null when it never does. */
  expiresAt: number | null;
}

/** Verifies JWTs when a secret or JWKS URL is configured; every call passes when not. */
export interface Authenticator {
  readonly required: boolean;
  /** Resolves to the principal, or null when the token is missing or invalid (never logged). */
  verify(token: string | null | undefined): Promise<Principal | null>;
}

/** Where tokens come from: an HS256 secret and/or a JWKS URL (RS256/ES256). */
export interface AuthSettings {
  secret: string | null;
  jwksUrl: string | null;
}

/**
 * The grant of a verified token: `role` (`viewer` when missing — least privilege) and
 * `sims` (`"*"` or a list of simulation ids; all when missing), or null when malformed.
 */
export function grantOf(payload: JWTPayload): Grant | null {
  const role = payload.role ?? 'viewer';
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) return null;
  const sims = payload.sims ?? '*';
  if (sims === '*') return { role: role as Role, simulations: '*' };
  if (!Array.isArray(sims) || !sims.every((id) => typeof id === 'string')) return null;
  return { role: role as Role, simulations: sims as string[] };
}

/** Verify with the key the token's header names: HS256 → the secret, RS256/ES256 → the JWKS. */
function jwtVerifier(settings: AuthSettings) {
  const secret = settings.secret === null ? null : new TextEncoder().encode(settings.secret);
  const jwks = settings.jwksUrl === null ? null : createRemoteJWKSet(new URL(settings.jwksUrl));
  const algorithms = [...(secret ? ['HS256'] : []), ...(jwks ? ['RS256', 'ES256'] : [])];
  const getKey: JWTVerifyGetKey = async (header, token) => {
    if (header.alg === 'HS256' && secret) return secret;
    if (jwks) return jwks(header, token);
    throw new Error('no key for this algorithm');
  };
  return (token: string) => jwtVerify(token, getKey, { algorithms });
}

/**
 * Build the authenticator for `AUTH_JWT_SECRET` / `AUTH_JWKS_URL` (neither: open server).
 *
 * @example
 * const auth = createAuthenticator({ secret: config.authJwtSecret, jwksUrl: config.authJwksUrl });
 * if (!(await auth.verify(token))) reply.code(401);
 */
export function createAuthenticator(settings: AuthSettings): Authenticator {
  if (settings.secret === null && settings.jwksUrl === null) {
    return { required: false, verify: async () => ({ subject: null, expiresAt: null }) };
  }
  const verifyJwt = jwtVerifier(settings);
  return {
    required: true,
    async verify(token) {
      if (typeof token !== 'string' || token.length === 0 || token.length > 8_192) return null;
      try {
        const { payload } = await verifyJwt(token);
        const grant = grantOf(payload);
        if (!grant) return null;
        return {
          subject: typeof payload.sub === 'string' ? payload.sub : null,
          grant,
          expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : null,
        };
      } catch {
        return null;
      }
    },
  };
}
