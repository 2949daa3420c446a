// Building inputs and reading outputs of the function in tests.
import { parse, parseAllDocuments, stringify } from 'yaml';
import { runFunction, type RunOptions } from '../../src/function/run.js';
import { admissionProblems, referenceProblems } from './admission.js';
import { schemaProblems } from './schemas.js';

export type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A small valid profile; pass spec overrides to vary it. */
export function profile(name = 'vm1', spec: Obj = {}, metadata: Obj = {}): Obj {
  return {
    apiVersion: 'vm.example.com/v1alpha1',
    kind: 'VirtualMachineProfile',
    metadata: { name, ...metadata },
    spec: {
      cpu: 2,
      memory: '4Gi',
      disks: [{ name: 'system', size: '20Gi', storageClassName: 'ssd', boot: true, image: 'registry.example.com/os:1' }],
      ...spec,
    },
  };
}

export const CONFIG = {
  apiVersion: 'vm.example.com/v1alpha1',
  kind: 'VirtualMachineProfileConfig',
  metadata: { name: 'vmprofile' },
  spec: {
    clusterName: 'test',
    network: { defaultUplink: 'eth1', macvtapUplink: 'eth2', sriovResourceName: 'intel.com/sriov_vfio' },
  },
};

export function configWith(spec: Obj): Obj {
  return { ...CONFIG, spec: { ...CONFIG.spec, ...spec, network: { ...CONFIG.spec.network, ...(spec['network'] ?? {}) } } };
}

export function resourceList(items: readonly unknown[], functionConfig?: unknown): string {
  return stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, ...(functionConfig ? { functionConfig } : {}) });
}

export interface Rendered {
  exitCode: number;
  stderr: string;
  stdout: string;
  items: Obj[];
  results: Obj[];
  errors: Obj[];
  /** Generated objects of a kind. */
  ofKind(kind: string): Obj[];
  one(kind: string, name?: string): Obj;
}

/**
 * Every object any test generates must pass the upstream schemas (unknown fields rejected) and the
 * rules KubeVirt's and CDI's webhooks apply; a test that sees one that does not fails.
 */
export function assertAccepted(objects: readonly Obj[], existingClaims: ReadonlySet<string> = new Set()): void {
  const problems = [...objects.flatMap((object) => [...schemaProblems(object), ...admissionProblems(object)]), ...referenceProblems(objects, existingClaims)];
  if (problems.length > 0) throw new Error(`generated objects would be rejected:\n${problems.join('\n')}`);
}

/** "namespace/name" of the existing claims profiles name (claimName): the render never holds those. */
export function existingClaimsOf(profiles: readonly Obj[]): Set<string> {
  return new Set(
    profiles
      .filter((item) => item['kind'] === 'VirtualMachineProfile')
      .flatMap((item) => (item['spec']?.['disks'] ?? []).filter((d: Obj) => d['claimName']).map((d: Obj) => `${item['metadata']?.['namespace'] ?? ''}/${d['claimName']}`)),
  );
}

export function read(stdout: string, exitCode: number, stderr: string, inputItems: readonly Obj[] = []): Rendered {
  const list = parse(stdout) as Obj;
  const items: Obj[] = list['items'] ?? [];
  // A re-render's input is an earlier output: its VMs already mount the existing claims.
  const earlier = inputItems.filter((item) => item['kind'] === 'VirtualMachine').flatMap((vm) => (vm['spec']?.['template']?.['spec']?.['volumes'] ?? []).flatMap((v: Obj) => (v['persistentVolumeClaim'] ? [`${vm['metadata']?.['namespace'] ?? ''}/${v['persistentVolumeClaim']['claimName']}`] : [])));
  const inputClaims = new Set(inputItems.filter((item) => item['kind'] === 'PersistentVolumeClaim').map((pvc) => `${pvc['metadata']?.['namespace'] ?? ''}/${pvc['metadata']?.['name']}`));
  assertAccepted(items.filter(isGenerated), new Set([...existingClaimsOf([...inputItems, ...items]), ...earlier.filter((claim) => !inputClaims.has(claim))]));
  const results: Obj[] = list['results'] ?? [];
  const ofKind = (kind: string) => items.filter((item) => item['kind'] === kind);
  return {
    exitCode,
    stderr,
    stdout,
    items,
    results,
    errors: results.filter((r) => r['severity'] === 'error'),
    ofKind,
    one(kind, name) {
      const found = ofKind(kind).filter((item) => name === undefined || item['metadata']?.['name'] === name);
      if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length}`);
      return found[0]!;
    },
  };
}

/** Runs the function in-process on these items. */
export function render(items: readonly unknown[], functionConfig: unknown = CONFIG, options?: RunOptions): Rendered {
  const out = runFunction(resourceList(items, functionConfig), options);
  return read(out.stdout, out.exitCode, out.stderr, items as Obj[]);
}

export function renderText(input: string, options?: RunOptions): Rendered {
  const out = runFunction(input, options);
  let inputItems: Obj[] = [];
  try {
    const items = (parse(input) as Obj | null)?.['items'];
    if (Array.isArray(items)) inputItems = items;
  } catch {
    // Hostile input: no profiles to learn existing claims from.
  }
  return read(out.stdout, out.exitCode, out.stderr, inputItems);
}

/** Documents of a multi-document YAML stream (kustomize output). */
export function documents(text: string): Obj[] {
  return parseAllDocuments(text).map((doc) => doc.toJS() as Obj);
}

function isGenerated(item: Obj): boolean {
  return item['metadata']?.['labels']?.['app.kubernetes.io/managed-by'] === 'vmprofile';
}

export function generated(rendered: Rendered): Obj[] {
  return rendered.items.filter(isGenerated);
}
