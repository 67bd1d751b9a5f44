export { loadConfig, loadConfigOrExit, ConfigError } from './load-config';
export * as env from './fields';
