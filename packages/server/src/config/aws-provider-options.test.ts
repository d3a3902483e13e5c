import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { credentialPlans } from '../credentials/credential-plans.js';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

/** The bundled amazon-bedrock provider, enabled (or not) from the environment and a fake home's ~/.aws. */
const home = mkdtempSync(path.join(tmpdir(), 'switchyard-bedrock-enable-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
mkdirSync(path.join(home, '.aws'));
writeFileSync(path.join(home, '.aws', 'config'), '[default]\nregion = us-west-2\n\n[profile eu]\nregion = eu-central-1\n');
writeFileSync(path.join(home, '.aws', 'credentials'), '[eu]\naws_access_key_id = AKIDEU\naws_secret_access_key = s\n');
const emptyHome = mkdtempSync(path.join(tmpdir(), 'switchyard-bedrock-empty-'));
afterAll(() => rmSync(emptyHome, { recursive: true, force: true }));

function load(env: Record<string, string>, configYaml?: string) {
  const cwd = mkdtempSync(path.join(home, 'cwd-'));
  if (configYaml !== undefined) writeFileSync(path.join(cwd, 'switchyard.yaml'), configYaml);
  return loadConfig({ env: { HOME: home, ...env }, cwd });
}

describe('enabling the bundled Bedrock provider', () => {
  it('is enabled by AWS_PROFILE, region from that profile, and signs with the AWS chain', () => {
    const config = load({ AWS_PROFILE: 'eu' });
    const provider = config.providers.get('amazon-bedrock');
    expect(provider?.settings.baseUrl).toBe('https://bedrock-runtime.eu-central-1.amazonaws.com');
    expect(provider?.settings.options?.['region']).toBe('eu-central-1');
    expect(config.warnings).toEqual([]);
    expect(credentialPlans(config.providers, { env: {}, homeDir: home }).get('amazon-bedrock')).toEqual({ type: 'aws-chain', profile: undefined });
  });

  it('is enabled by web identity or container variables, region from AWS_REGION over the default profile', () => {
    expect(load({ AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/token', AWS_ROLE_ARN: 'arn:aws:iam::1:role/r', AWS_REGION: 'ap-south-1' }).providers.get('amazon-bedrock')?.settings.options?.['region']).toBe('ap-south-1');
    expect(load({ AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/x' }).providers.get('amazon-bedrock')?.settings.options?.['region']).toBe('us-west-2');
  });

  it('uses static keys from the environment as options (no chain plan)', () => {
    const config = load({ AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret', AWS_DEFAULT_REGION: 'eu-west-1' });
    expect(credentialPlans(config.providers, { env: {}, homeDir: home }).has('amazon-bedrock')).toBe(false);
  });

  it('stays disabled, with a warning, when credentials exist but no region is known', () => {
    const config = loadConfig({ env: { HOME: emptyHome, AWS_PROFILE: 'eu' }, cwd: emptyHome });
    expect(config.providers.has('amazon-bedrock')).toBe(false);
    expect(config.warnings).toEqual([expect.stringMatching(/^provider amazon-bedrock stays disabled: AWS credentials are set but no region is/)]);
  });

  it('stays disabled without any AWS variables (a ~/.aws/credentials default profile alone does not enable it)', () => {
    const config = load({});
    expect(config.providers.has('amazon-bedrock')).toBe(false);
    expect(config.warnings).toEqual([]);
  });

  it('declared in switchyard.yaml: the region may come from options.profile; none at all is a config error naming the field', () => {
    const withProfile = load({}, 'providers:\n  - id: amazon-bedrock\n    options: { profile: eu }\n');
    expect(withProfile.providers.get('amazon-bedrock')?.settings.baseUrl).toBe('https://bedrock-runtime.eu-central-1.amazonaws.com');
    const cwd = mkdtempSync(path.join(emptyHome, 'cwd-'));
    writeFileSync(path.join(cwd, 'switchyard.yaml'), 'providers:\n  - id: amazon-bedrock\n');
    const declared = () => loadConfig({ env: { HOME: emptyHome }, cwd });
    expect(declared).toThrow(ConfigError);
    expect(declared).toThrow(/providers\[0\]\.base_url: needs option "region"/);
  });
});
