// Deterministic identities: KubeVirt would otherwise invent a random firmware UUID (Argo CD drift)
// and the pod interface would hand the guest a MAC that changes with every launcher pod.
import { createHash } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';

// A fixed namespace for vmprofile's name-based UUIDs; changing it would change every VM's identity.
const VMPROFILE_UUID_NAMESPACE = '0e5c61a4-5a0e-4f4e-9c55-6c1b7b0f8a11';

function key(parts: readonly string[]): string {
  return JSON.stringify(parts);
}

export function firmwareUuid(clusterName: string, namespace: string | undefined, name: string): string {
  return uuidv5(key(['firmware-uuid', clusterName, namespace ?? '', name]), VMPROFILE_UUID_NAMESPACE);
}

export function firmwareSerial(clusterName: string, namespace: string | undefined, name: string): string {
  return uuidv5(key(['firmware-serial', clusterName, namespace ?? '', name]), VMPROFILE_UUID_NAMESPACE);
}

/** Locally administered unicast MAC (02:…), never 02:00:00:00:00:00 (KubeVirt's masquerade MAC). */
export function macAddress(clusterName: string, namespace: string | undefined, profile: string, network: string): string {
  const digest = createHash('sha256').update(key(['mac', clusterName, namespace ?? '', profile, network])).digest();
  const octets = [0x02, digest[0]!, digest[1]!, digest[2]!, digest[3]!, digest[4]!];
  if (octets.slice(1).every((octet) => octet === 0)) octets[5] = 1;
  return octets.map((octet) => octet.toString(16).padStart(2, '0')).join(':');
}

/** Short lowercase hex digest used to keep derived names unique when they had to be shortened or cleaned. */
export function shortHash(value: string, length = 6): string {
  return createHash('sha256').update(value).digest('hex').slice(0, length);
}
