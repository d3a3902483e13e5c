import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Double-submit CSRF token of the consent form: the same random value in an HttpOnly,
 * SameSite=Strict cookie scoped to `/auth` and in a hidden form field. Stateless, so it works
 * across gateway processes.
 */
export const CSRF_COOKIE = 'switchyard_oauth_csrf';

export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

export function csrfMatches(cookie: string | undefined, field: string | undefined): boolean {
  if (cookie === undefined || field === undefined || cookie.length < 32) return false;
  const a = Buffer.from(cookie, 'utf8');
  const b = Buffer.from(field, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
