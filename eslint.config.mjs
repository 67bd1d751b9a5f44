// Lint rules, including the dependency direction of docs/architecture:
// transport → application → domain; infrastructure is imported only by main.ts;
// services never import each other; packages never import services.
import tseslint from 'typescript-eslint';

const NO_OTHER_SERVICE = {
  group: ['**/services/**', '@concert/*-service', '@concert/gateway'],
  message: 'Services never import each other (nor do packages import services); share protos/ and packages/.',
};

const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns: [NO_OTHER_SERVICE, ...patterns] }] });

const layer = (dir, forbidden, message) => ({
  files: [`services/*/src/${dir}/**/*.ts`],
  rules: restrict(...forbidden.map((f) => ({ group: [`**/${f}/**`, `**/${f}`], message }))),
});

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'protos/generated/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  { rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }] } },
  { files: ['services/*/src/**/*.ts', 'packages/*/src/**/*.ts'], rules: restrict() },
  layer('domain', ['application', 'infrastructure', 'transport'], 'domain is pure: no application, infrastructure or transport.'),
  layer('application', ['infrastructure', 'transport'], 'application depends on domain and its own ports only.'),
  layer('transport', ['infrastructure'], 'only main.ts wires infrastructure.'),
  layer('infrastructure', ['transport'], 'infrastructure implements ports; it does not serve requests.'),
);
