export { credentialPlans, type CredentialPlan } from './credential-plans.js';
export { GoogleCredentialSource, REFRESH_MARGIN_MS } from './google-credential-source.js';
export { CLOUD_PLATFORM_SCOPE, signServiceAccountJwt } from './google-jwt.js';
export { DEFAULT_TOKEN_URI, parseServiceAccount, readServiceAccountFile, type ServiceAccount } from './service-account.js';
