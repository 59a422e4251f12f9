import { jwtVerify } from 'jose';

/** Who a verified token belongs to. */
export interface Principal {
  /** The token's `sub`, used as the viewer label (`answered_by`). */
  subject: string | null;
}

/** Verifies HS256 JWTs when a secret is configured; every call passes when it is not. */
export interface Authenticator {
  readonly required: boolean;
  /** Resolves to the principal, or null when the token is missing or invalid. */
  verify(token: string | null | undefined): Promise<Principal | null>;
}

/**
 * Build the authenticator for `AUTH_JWT_SECRET` (null: open server).
 *
 * @example
 * const auth = createAuthenticator(config.authJwtSecret);
 * if (!(await auth.verify(token))) reply.code(401);
 */
export function createAuthenticator(secret: string | null): Authenticator {
  if (secret === null) {
    return { required: false, verify: async () => ({ subject: null }) };
  }
  const key = new TextEncoder().encode(secret);
  return {
    required: true,
    async verify(token) {
      if (typeof token !== 'string' || token.length === 0 || token.length > 8_192) return null;
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'] });
        return { subject: typeof payload.sub === 'string' ? payload.sub : null };
      } catch {
        return null;
      }
    },
  };
}
