import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

// The repository documents itself: every link of README.md and docs/*.md resolves to a file of the
// repository, none leaves it, and the runbook explains every alert the system can raise.

const ROOT = path.resolve(__dirname, '../..');
const DOCS = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** The text outside fenced code blocks, and the inline code spans found in it. */
function split(markdown: string): { prose: string; codeSpans: string[] } {
  // Fences may be indented (a code block inside a list item).
  const prose = markdown.replace(/^[ \t]*(```|~~~)[^\n]*\n[\s\S]*?^[ \t]*\1[ \t]*$/gm, '');
  const codeSpans = [...prose.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
  return { prose: prose.replace(/`[^`\n]+`/g, ''), codeSpans };
}

/** Targets of inline links, images, reference definitions and autolinks. */
function linkTargets(prose: string): string[] {
  return [
    ...[...prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!),
    ...[...prose.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]!),
    ...[...prose.matchAll(/<([a-z][a-z0-9+.-]*:[^>\s]+)>/gi)].map((m) => m[1]!),
  ];
}

const leaves = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');

/** Inside the repository and there; `#fragment` and `?query` ignored. */
function problemOf(file: string, target: string): string | null {
  const bare = decodeURI(target.replace(/[#?].*$/, ''));
  if (bare === '') return null; // a link to a heading of the same file
  const resolved = path.resolve(path.dirname(path.join(ROOT, file)), bare);
  if (resolved !== ROOT && !resolved.startsWith(ROOT + path.sep)) return 'leaves the repository';
  return existsSync(resolved) ? null : 'is not a file of the repository';
}

/** A code span that names a path of this repository (`infra/rabbitmq/README.md`, `../x/y.md`). */
const TOP_LEVEL = new Set(readdirSync(ROOT));
function pathLike(span: string): boolean {
  if (/[\s<>{}*$|]/.test(span) || !span.includes('/')) return false;
  if (span.startsWith('../') || span.startsWith('./')) return true;
  return TOP_LEVEL.has(span.split('/')[0]!) && /\.[a-z]{1,5}$|\/$/.test(span);
}

describe('links of README.md and docs/*.md', () => {
  it('finds the documents', () => {
    expect(DOCS).toEqual(expect.arrayContaining(['README.md', 'docs/api.md', 'docs/architecture.md', 'docs/operations.md']));
  });

  it.each(DOCS)('%s: every link resolves to a file of the repository; none leaves it', (file) => {
    const { prose, codeSpans } = split(readFileSync(path.join(ROOT, file), 'utf8'));
    const problems: string[] = [];
    for (const target of linkTargets(prose)) {
      const problem = leaves(target) ? 'leaves the repository' : problemOf(file, target);
      if (problem) problems.push(`link ${target} ${problem}`);
    }
    for (const url of prose.matchAll(/\b(?:https?|ftp):\/\/[^\s)>\]]+/g)) problems.push(`bare address ${url[0]} leaves the repository`);
    for (const span of codeSpans.filter(pathLike)) {
      const resolved = span.startsWith('.') ? problemOf(file, span) : problemOf('README.md', span);
      if (resolved) problems.push(`path \`${span}\` ${resolved}`);
    }
    expect(problems).toEqual([]);
  });

  it('reads links, autolinks, addresses and path-like code spans', () => {
    const { prose, codeSpans } = split(
      'See [the guide](docs/api.md#errors) and <https://example.org>, `infra/x.md`, `../out.md`, `a/b`.\n```sh\ncurl http://127.0.0.1:8080\n```\n1. step\n\n   ```sh\n   curl http://127.0.0.1:8081\n   ```\n[ref]: ../elsewhere.md\n',
    );
    expect(linkTargets(prose)).toEqual(['docs/api.md#errors', '../elsewhere.md', 'https://example.org']);
    expect(prose).not.toContain('127.0.0.1');
    expect(codeSpans.filter(pathLike)).toEqual(['infra/x.md', '../out.md']);
    expect(problemOf('README.md', '../elsewhere.md')).toBe('leaves the repository');
    expect(problemOf('docs/api.md', '../README.md')).toBeNull();
    expect(problemOf('docs/api.md', 'missing.md')).toBe('is not a file of the repository');
  });
});

describe('docs/operations.md', () => {
  it('explains every alert of infra/prometheus/alerts.yml under a heading of its own', () => {
    const rules = parse(readFileSync(path.join(ROOT, 'infra/prometheus/alerts.yml'), 'utf8')) as { groups: { rules: { alert?: string }[] }[] };
    const alerts = rules.groups.flatMap((g) => g.rules.map((r) => r.alert).filter((a): a is string => Boolean(a)));
    const headings = [...readFileSync(path.join(ROOT, 'docs/operations.md'), 'utf8').matchAll(/^### (\S+)$/gm)].map((m) => m[1]);
    expect(alerts.length).toBeGreaterThan(0);
    for (const alert of alerts) expect({ alert, explained: headings.includes(alert) }).toEqual({ alert, explained: true });
  });
});
