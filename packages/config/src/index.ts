export { loadConfig, loadConfigOrExit, ConfigError } from './load-config';
export { productionSecretProblem } from './secret-strength';
export * as env from './fields';
export { checkGrpcSecurity, grpcSecurityFields, grpcSecurityOf } from './grpc-security';
