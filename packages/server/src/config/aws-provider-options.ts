import { awsRegion } from '../credentials/aws/shared-files.js';
import { homeDirOf } from '../credentials/create-credential-source.js';

/**
 * Bedrock's options completed from the AWS shared config: without `region` (options, AWS_REGION,
 * AWS_DEFAULT_REGION), the region of the profile (`options.profile`, AWS_PROFILE, or `default`).
 * Other adapter kinds' options are returned as they are.
 */
export function withAwsProfileRegion(
  kind: string | undefined,
  options: Record<string, string>,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  if (kind !== 'bedrock' || options['region'] !== undefined) return options;
  const region = awsRegion(env, homeDirOf(env), options['profile']);
  return region === undefined ? options : { ...options, region };
}

/**
 * A bundled Bedrock provider that the environment enabled (AWS credentials are there) but whose
 * region is nowhere: it stays disabled with this warning instead of failing start-up. A Bedrock
 * provider declared in the config file without a region is still a ConfigError (base_url's `{region}`).
 */
export function missingAwsRegionWarning(kind: string | undefined, declared: boolean, options: Readonly<Record<string, string>>, id: string): string | undefined {
  if (kind !== 'bedrock' || declared || options['region'] !== undefined) return undefined;
  return `provider ${id} stays disabled: AWS credentials are set but no region is (set AWS_REGION or AWS_DEFAULT_REGION, a region in the AWS profile, or options.region in switchyard.yaml)`;
}
