// The picture of the code: read → validate → expand → write. Each room may import only the rooms
// before it, and only src/function touches the process, files, git or the network.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/paths.js';

const SRC = join(ROOT, 'src');

// Rooms in flow order; '' is the shared helpers beside issues.ts. A room may import itself and
// the rooms listed for it.
const MAY_IMPORT: Record<string, readonly string[]> = {
  '': [],
  profile: [''],
  config: ['', 'profile'],
  plan: ['', 'profile', 'config'],
  expand: ['', 'profile', 'config', 'plan'],
  impact: ['', 'profile'],
  status: ['', 'profile', 'expand'],
  function: ['', 'profile', 'config', 'plan', 'expand', 'impact', 'status'],
};

// Modules that reach outside the process's own memory; only the function layer may load them.
const IO_MODULES = /^(node:)?(fs|fs\/promises|child_process|http|https|net|tls|dgram|os|readline|worker_threads)$|^@kubernetes\/client-node$/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sources(path) : /\.(ts|mjs)$/.test(entry.name) ? [path] : [];
  });
}

const roomOf = (file: string) => {
  const parts = relative(SRC, file).split('/');
  return parts.length > 1 ? parts[0]! : '';
};

interface Import {
  from: string;
  specifier: string;
  typeOnly: boolean;
}

// Static imports and exports, and dynamic import() of a literal.
function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const found: Import[] = [];
  for (const match of text.matchAll(/^(?:import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'/gm)) found.push({ from: file, specifier: match[2]!, typeOnly: match[1] !== undefined });
  for (const match of text.matchAll(/import\('([^']+)'\)/g)) found.push({ from: file, specifier: match[1]!, typeOnly: false });
  return found;
}

function againstTheFlow(found: readonly Import[]): string[] {
  return found
    .filter((i) => i.specifier.startsWith('.'))
    .map((i) => ({ ...i, room: roomOf(i.from), target: roomOf(join(dirname(i.from), i.specifier)) }))
    .filter(({ room, target }) => room !== target && !MAY_IMPORT[room]!.includes(target))
    .map(({ from, specifier }) => `${relative(SRC, from)} imports ${specifier}`);
}

const files = sources(SRC);
const imports = files.flatMap(importsOf);

describe('the flow of src/', () => {
  it('knows every room', () => {
    expect([...new Set(files.map(roomOf))].sort()).toStrictEqual(Object.keys(MAY_IMPORT).sort());
  });

  it('sees the imports (the reader is not blind)', () => {
    expect(imports.filter((i) => i.specifier.startsWith('.')).length).toBeGreaterThan(100);
    expect(imports.some((i) => i.specifier === '../profile/schema.js' && roomOf(i.from) === 'expand')).toBe(true);
    expect(imports.some((i) => i.specifier === './json-schema.js' && roomOf(i.from) === 'function')).toBe(true);
  });

  it('has no import against the flow', () => {
    expect(againstTheFlow(imports)).toStrictEqual([]);
  });

  it('leaves the process, files and the network to src/function', () => {
    const io = imports
      .filter((i) => roomOf(i.from) !== 'function' && !i.typeOnly && IO_MODULES.test(i.specifier))
      .map(({ from, specifier }) => `${relative(SRC, from)} imports ${specifier}`);
    expect(io).toStrictEqual([]);
    const processUse = files.filter((file) => roomOf(file) !== 'function' && /\bprocess\.|\bconsole\./.test(readFileSync(file, 'utf8')));
    expect(processUse.map((file) => relative(SRC, file))).toStrictEqual([]);
  });

  it('exports only what another module uses', () => {
    // Approximate (a name in another file's text counts as a use), but it catches what knip reported.
    const others = [...files, ...['test', 'bench', 'scripts'].flatMap((dir) => sources(join(ROOT, dir)))];
    const texts = new Map(others.map((file) => [file, readFileSync(file, 'utf8')]));
    const unused = files.flatMap((file) =>
      [...texts.get(file)!.matchAll(/^export (?:async )?(?:function|const|class|interface|type|enum) (\w+)/gm)]
        .map((match) => match[1]!)
        .filter((name) => !others.some((other) => other !== file && new RegExp(`\\b${name}\\b`).test(texts.get(other)!)))
        .map((name) => `${relative(SRC, file)}: ${name}`),
    );
    expect(unused).toStrictEqual([]);
  });

  it('finds an import against the flow when one is planted', () => {
    const planted = (from: string, specifier: string): Import => ({ from: join(SRC, from), specifier, typeOnly: false });
    expect(againstTheFlow([planted('profile/x.ts', '../expand/vm.js'), planted('status/x.ts', '../function/yaml.js'), planted('text.ts', './profile/schema.js')])).toStrictEqual([
      'profile/x.ts imports ../expand/vm.js',
      'status/x.ts imports ../function/yaml.js',
      'text.ts imports ./profile/schema.js',
    ]);
    expect(againstTheFlow([planted('expand/x.ts', '../plan/index.js'), planted('expand/x.ts', './meta.js'), planted('function/x.ts', '../text.js')])).toStrictEqual([]);
  });
});
