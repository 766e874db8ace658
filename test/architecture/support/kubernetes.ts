import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Deployment, type IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { type INetworkPolicy, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap, type IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { parseAllDocuments } from 'yaml';

export const root = join(__dirname, '../../..');
export const kubernetesDir = join(root, 'deployments/kubernetes');
export const SERVICES = ['identity', 'catalog', 'order'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
}

const run = promisify(execFile);

/** An overlay as `kubectl kustomize` renders it (Debian's kubectl 1.20 as well as newer ones). */
export async function render(overlay: string): Promise<KubeObject[]> {
  const { stdout } = await run('kubectl', ['kustomize', join(kubernetesDir, 'overlays', overlay)]);
  return parseAllDocuments(stdout).map((document) => {
    if (document.errors.length > 0) throw new Error(`${overlay}: ${document.errors.join('; ')}`);
    return document.toJS() as KubeObject;
  });
}

/** The models whose Kubernetes API schemas validate the kinds Shop ships; any other kind is a finding. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/Secret': Secret,
  'v1/Service': Service,
};

/** Why `object` is not a valid object of its kind, or undefined when it is. */
export function schemaViolation(object: KubeObject): string | undefined {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  const name = `${object.kind} ${object.metadata?.name}`;
  if (!Model) return `${name}: no schema for ${object.apiVersion} ${object.kind}`;
  try {
    new Model(object as never).validate();
    return undefined;
  } catch (error) {
    return `${name}: ${(error as Error).message}`;
  }
}

export const ofKind = <T>(objects: KubeObject[], kind: string): T[] =>
  objects.filter((object) => object.kind === kind) as T[];

export function deploymentOf(objects: KubeObject[], service: ServiceName): IDeployment {
  const deployment = ofKind<IDeployment>(objects, 'Deployment').find((d) => d.metadata?.name === service);
  if (!deployment) throw new Error(`no Deployment ${service}`);
  return deployment;
}

/** The one container of a service's pod, named after the service. */
export function containerOf(deployment: IDeployment): IContainer {
  const containers = deployment.spec?.template.spec?.containers ?? [];
  const container = containers.find((candidate) => candidate.name === deployment.metadata?.name);
  if (!container) throw new Error(`Deployment ${deployment.metadata?.name} has no container of its name`);
  return container;
}

/** True when every label of `selector` is on `labels` (Shop's selectors use matchLabels only). */
export function selects(
  selector: { matchLabels?: Record<string, string> } | undefined,
  labels: Record<string, string>,
) {
  return Object.entries(selector?.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
}

/** A row of the README's configuration table: which services read the variable, and its default. */
export interface ConfigVariable {
  services: ServiceName[];
  default: string;
}

export function readmeConfiguration(): Map<string, ConfigVariable> {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith('Configuration')) ?? '';
  const rows = [...section.matchAll(/^\| `([A-Z][A-Z0-9_]+)`\s*\|([^|]*)\|([^|]*)\|/gm)];
  return new Map(
    rows.map(([, name, services, fallback]) => {
      const named = SERVICES.filter((service) => services?.includes(service));
      return [String(name), { services: named.length > 0 ? named : [...SERVICES], default: String(fallback).trim() }];
    }),
  );
}

export type EnvSource =
  | { from: 'value' | 'configMap'; value: string }
  | { from: 'secret'; secret: string; key: string }
  | { from: 'other' };

/** What a container's environment holds, as the kubelet assembles it (envFrom first, `env` wins). */
export function environment(container: IContainer, objects: KubeObject[]): Map<string, EnvSource> {
  const variables = new Map<string, EnvSource>();
  for (const source of container.envFrom ?? []) {
    if (!source.configMapRef) continue;
    const map = ofKind<IConfigMap>(objects, 'ConfigMap').find((m) => m.metadata?.name === source.configMapRef?.name);
    if (!map) throw new Error(`${container.name}: ConfigMap ${source.configMapRef.name} is not rendered`);
    for (const [key, value] of Object.entries(map.data ?? {}))
      variables.set(`${source.prefix ?? ''}${key}`, { from: 'configMap', value });
  }
  for (const variable of container.env ?? []) {
    const secret = variable.valueFrom?.secretKeyRef;
    if (variable.value !== undefined) variables.set(variable.name, { from: 'value', value: variable.value });
    else if (secret) variables.set(variable.name, { from: 'secret', secret: secret.name ?? '', key: secret.key });
    else variables.set(variable.name, { from: 'other' });
  }
  return variables;
}

/** A variable's value in a container, or its README default when unset. */
export function settingOf(variables: Map<string, EnvSource>, name: string): string | undefined {
  const source = variables.get(name);
  if (source) return 'value' in source ? source.value : undefined;
  return readmeConfiguration().get(name)?.default.replace(/`/g, '');
}

/** The number of a container port given by name or number. */
export function containerPort(container: IContainer, port: number | string | undefined): number | undefined {
  if (typeof port === 'number') return container.ports?.some((p) => p.containerPort === port) ? port : undefined;
  return container.ports?.find((candidate) => candidate.name === port)?.containerPort;
}

const describeSelector = (scope: string, selector: { matchLabels?: Record<string, string> }) =>
  `${scope} ${
    Object.entries(selector.matchLabels ?? {})
      .map(([key, value]) => `${key}=${value}`)
      .join(',') || '*'
  }`;

/** `namespace k=v, pod k=v` — who a NetworkPolicy peer is. */
function describePeer(peer: INetworkPolicyPeer): string {
  if (peer.ipBlock) return `ip ${peer.ipBlock.cidr}`;
  const parts = [];
  if (peer.namespaceSelector) parts.push(describeSelector('namespace', peer.namespaceSelector));
  if (peer.podSelector) parts.push(describeSelector('pod', peer.podSelector));
  return parts.join(', ');
}

/**
 * Who the NetworkPolicies admit to each port of a pod: port number (or `*`: every port) -> peers (`anyone` for a
 * rule without `from`). A pod no policy selects is open to all, reported as `* -> anyone`.
 */
export function admittedPeers(
  policies: INetworkPolicy[],
  labels: Record<string, string>,
  container: IContainer,
): Record<string, string[]> {
  const selecting = policies.filter(
    (policy) =>
      selects(policy.spec?.podSelector, labels) && (policy.spec?.policyTypes ?? ['Ingress']).includes('Ingress'),
  );
  if (selecting.length === 0) return { '*': ['anyone'] };
  const admitted: Record<string, Set<string>> = {};
  for (const rule of selecting.flatMap((policy) => policy.spec?.ingress ?? [])) {
    const ports = rule.ports?.length
      ? rule.ports.map((p) => String(containerPort(container, p.port) ?? p.port))
      : ['*'];
    const peers = rule.from?.length ? rule.from.map(describePeer) : ['anyone'];
    for (const port of ports) {
      admitted[port] ??= new Set();
      for (const peer of peers) admitted[port].add(peer);
    }
  }
  return Object.fromEntries(Object.entries(admitted).map(([port, peers]) => [port, [...peers].sort()]));
}
