import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSha256, sha256, toHex, utf8 } from './sha256.js';
import { amzDate, canonicalUri, signSigV4 } from './sign-sigv4.js';

/**
 * AWS's published Signature Version 4 test suite (aws-sig-v4-test-suite: get-vanilla, post-vanilla,
 * post-x-www-form-urlencoded): credentials AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY,
 * region us-east-1, service "service", 2015-08-30T12:36:00Z. Expected values as published.
 */
const SUITE = {
  region: 'us-east-1',
  service: 'service',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  now: new Date('2015-08-30T12:36:00Z'),
} as const;
const SCOPE = 'AKIDEXAMPLE/20150830/us-east-1/service/aws4_request';

describe('sha256 / hmacSha256 (pure)', () => {
  it('agree with node:crypto on assorted lengths (padding edges 55, 56, 64)', () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 1000]) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 7 + 3) & 0xff);
      expect(toHex(sha256(data))).toBe(createHash('sha256').update(data).digest('hex'));
      const key = Uint8Array.from({ length: length % 100 }, (_, i) => i);
      expect(toHex(hmacSha256(key, data))).toBe(createHmac('sha256', key).update(data).digest('hex'));
    }
  });
});

describe('signSigV4 against the AWS SigV4 test suite', () => {
  it('get-vanilla', () => {
    const signed = signSigV4({ ...SUITE, method: 'GET', url: 'https://example.amazonaws.com/', headers: {}, body: '' });
    expect(signed.canonicalRequest).toBe(
      'GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(signed.stringToSign).toBe(
      'AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63',
    );
    expect(signed.headers['authorization']).toBe(
      `AWS4-HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31`,
    );
    expect(signed.headers['x-amz-date']).toBe('20150830T123600Z');
    expect(signed.headers['host']).toBeUndefined();
  });

  it('post-vanilla', () => {
    const signed = signSigV4({ ...SUITE, method: 'POST', url: 'https://example.amazonaws.com/', headers: {}, body: '' });
    expect(signed.signature).toBe('5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b');
  });

  it('post-x-www-form-urlencoded (a body and a content-type header)', () => {
    const signed = signSigV4({
      ...SUITE,
      method: 'POST',
      url: 'https://example.amazonaws.com/',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'Param1=value1',
    });
    expect(signed.canonicalRequest.split('\n').at(-1)).toBe('9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e');
    expect(signed.headers['authorization']).toBe(
      `AWS4-HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a`,
    );
  });
});

describe('signSigV4 for Bedrock', () => {
  it('encodes the already encoded path again (model ids with ":" sign as %253A, as AWS verifies)', () => {
    expect(canonicalUri('/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse')).toBe(
      '/model/us.anthropic.claude-sonnet-4-5-20250929-v1%253A0/converse',
    );
    const signed = signSigV4({
      ...SUITE,
      service: 'bedrock',
      method: 'POST',
      url: 'https://bedrock-runtime.us-east-1.amazonaws.com/model/amazon.nova-pro-v1%3A0/converse',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(signed.canonicalRequest.split('\n')[1]).toBe('/model/amazon.nova-pro-v1%253A0/converse');
    expect(signed.canonicalRequest).toContain('host:bedrock-runtime.us-east-1.amazonaws.com\n');
    expect(signed.headers['authorization']).toContain('/20150830/us-east-1/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-date,');
  });

  it('signs the session token of temporary credentials as x-amz-security-token', () => {
    const signed = signSigV4({
      ...SUITE,
      credentials: { ...SUITE.credentials, sessionToken: 'token/abc=' },
      method: 'POST',
      url: 'https://example.amazonaws.com/',
      headers: {},
      body: '',
    });
    expect(signed.headers['x-amz-security-token']).toBe('token/abc=');
    expect(signed.headers['authorization']).toContain('SignedHeaders=host;x-amz-date;x-amz-security-token,');
  });

  it('formats x-amz-date from the injected clock', () => {
    expect(amzDate(new Date('2026-01-02T03:04:05.678Z'))).toBe('20260102T030405Z');
    expect(toHex(sha256(utf8('')))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
