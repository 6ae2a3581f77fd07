export * from './access/access.decorators';
export * from './access/access.guard';
export * from './access/access.tokens';
export * from './access/access-error-response';
export * from './access/credential-throttler.guard';
export * from './access/http-access.module';
export * from './access/own-order';

export * from './errors/validation.errors';
export * from './logging/redact';
export * from './openapi/openapi.controller';
export * from './openapi/security-schemes';
export * from './listen/listen-backlog';
