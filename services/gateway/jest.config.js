const preset = require('../../jest.preset.js');

// The OpenAPI validator used by the tests ships ESM only; let swc turn it into CommonJS like jose.
module.exports = {
  ...preset,
  transformIgnorePatterns: ['/node_modules/(?!(\\.pnpm/(jose|@seriousme\\+openapi-schema-validator)@[^/]+/node_modules/)?(jose|@seriousme/openapi-schema-validator)/)'],
};
