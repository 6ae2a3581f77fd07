/** The CredentialVerifier the guard and the live gateway use. */
export const CREDENTIAL_VERIFIER = Symbol('CREDENTIAL_VERIFIER');
/** The platform's SecurityConfig. */
export const SECURITY_CONFIG = Symbol('SECURITY_CONFIG');
