/** A PKCE (RFC 7636) verifier and its S256 challenge. */
export interface PkcePair {
  readonly code_verifier: string;
  readonly code_challenge: string;
  readonly code_challenge_method: 'S256';
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The S256 challenge of a verifier: base64url(SHA-256(verifier)). */
export async function createCodeChallenge(verifier: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** A random 43-character verifier (32 bytes of entropy) and its S256 challenge, with Web Crypto. */
export async function createPkcePair(): Promise<PkcePair> {
  const verifier = base64url(globalThis.crypto.getRandomValues(new Uint8Array(32)));
  return { code_verifier: verifier, code_challenge: await createCodeChallenge(verifier), code_challenge_method: 'S256' };
}
