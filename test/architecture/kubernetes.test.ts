import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { IService } from 'kubernetes-models/v1/Service';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  admittedPeers,
  containerOf,
  containerPort,
  deploymentOf,
  type EnvSource,
  environment,
  type KubeObject,
  kubernetesDir,
  ofKind,
  readmeConfiguration,
  render,
  SERVICES,
  type ServiceName,
  schemaViolation,
  selects,
  settingOf,
} from './support/kubernetes';

// The manifests are checked as kubectl renders them, against the API schemas, a security policy, and what the
// services really read: the README's configuration table is the source of names, defaults and ports.
const OVERLAYS = ['dev', 'production'] as const;
const renders = new Map<string, Promise<KubeObject[]>>();
/** Each overlay rendered once for all the checks below. */
function rendered(overlay: (typeof OVERLAYS)[number]): Promise<KubeObject[]> {
  const objects = renders.get(overlay) ?? render(overlay);
  renders.set(overlay, objects);
  return objects;
}

/** Credentials, and URLs that carry them: their values come only from a Secret. */
const SECRET_VARIABLE = /(_DATABASE_URL|^RABBITMQ_URL|^REDIS_URL|PASSWORD|SECRET)$/;
/** A default that works only on a laptop: such a variable must be set in the cluster. */
const LOCAL_DEFAULT = /127\.0\.0\.1|localhost|~|development only/;

const prefix = (service: ServiceName) => service.toUpperCase();
const podLabels = (deployment: IDeployment) => deployment.spec?.template.metadata?.labels ?? {};
const grpcService = (service: ServiceName) => readmeConfiguration().has(`${prefix(service)}_GRPC_PORT`);

/** The ports a service listens on, as its env sets them: `http`, and `grpc` when it reads a *_GRPC_PORT. */
function listenPorts(service: ServiceName, variables: Map<string, EnvSource>): Record<string, number> {
  const http = Number(settingOf(variables, `${prefix(service)}_HTTP_PORT`));
  return grpcService(service) ? { http, grpc: Number(settingOf(variables, `${prefix(service)}_GRPC_PORT`)) } : { http };
}

/** Findings of the security and operability policy for one container of a Deployment. */
function policyFindings(deployment: IDeployment, container: IContainer, objects: KubeObject[]): string[] {
  const pod = deployment.spec?.template.spec;
  const security = container.securityContext;
  const at = (finding: string) => `${deployment.metadata?.name}/${container.name}: ${finding}`;
  const findings: string[] = [];
  const tag = container.image?.match(/^[^@]+:([^:/]+)$/)?.[1];
  if (!container.image?.includes('@sha256:') && (!tag || tag === 'latest'))
    findings.push(at(`image ${container.image} has no explicit tag`));
  for (const kind of ['requests', 'limits'] as const)
    for (const resource of ['cpu', 'memory'])
      if (container.resources?.[kind]?.[resource] === undefined) findings.push(at(`no ${resource} ${kind}`));
  if ((security?.runAsNonRoot ?? pod?.securityContext?.runAsNonRoot) !== true) findings.push(at('may run as root'));
  if (!((security?.runAsUser ?? pod?.securityContext?.runAsUser ?? 0) > 0))
    findings.push(at('no numeric non-root uid'));
  if (security?.readOnlyRootFilesystem !== true) findings.push(at('root filesystem is writable'));
  if (security?.allowPrivilegeEscalation !== false) findings.push(at('privilege escalation allowed'));
  if (!security?.capabilities?.drop?.includes('ALL')) findings.push(at('capabilities not dropped'));
  const variables = environment(container, objects);
  const http = listenPorts(deployment.metadata?.name as ServiceName, variables).http;
  const probes = { livenessProbe: '/health/live', readinessProbe: '/health/ready', startupProbe: '/health/live' };
  for (const [probe, path] of Object.entries(probes)) {
    const get = container[probe as keyof typeof probes]?.httpGet;
    if (get?.path !== path) findings.push(at(`${probe} is not GET ${path}`));
    if (containerPort(container, get?.port) !== http) findings.push(at(`${probe} is not on the HTTP port ${http}`));
  }
  const stopMs =
    Number(settingOf(variables, 'SHUTDOWN_DRAIN_MS')) + Number(settingOf(variables, 'SHUTDOWN_TIMEOUT_MS'));
  if (!((pod?.terminationGracePeriodSeconds ?? 30) * 1000 > stopMs))
    findings.push(at(`terminationGracePeriodSeconds does not cover drain + shutdown (${stopMs} ms)`));
  return findings;
}

/** `host:port` or `http://host:port` -> the Service and the container port it leads to. */
function resolveAddress(address: string | undefined, objects: KubeObject[]) {
  if (!URL.canParse(address?.includes('://') ? address : `tcp://${address}`)) return undefined;
  const { hostname, port } = new URL(address?.includes('://') ? address : `tcp://${address}`);
  const service = ofKind<IService>(objects, 'Service').find((candidate) => candidate.metadata?.name === hostname);
  const servicePort = service?.spec?.ports?.find((candidate) => candidate.port === Number(port));
  const target = SERVICES.find((name) =>
    selects({ matchLabels: service?.spec?.selector }, podLabels(deploymentOf(objects, name))),
  );
  return (
    target && {
      target,
      containerPort: containerPort(containerOf(deploymentOf(objects, target)), servicePort?.targetPort),
    }
  );
}

describe.each(OVERLAYS)('deployments/kubernetes/overlays/%s, as kubectl kustomize renders it', (overlay) => {
  let objects: KubeObject[];
  beforeAll(async () => {
    objects = await rendered(overlay);
  });
  const containers = () =>
    SERVICES.map((service) => ({ service, container: containerOf(deploymentOf(objects, service)) }));

  it('has a Deployment and a Service per service, every object valid against its Kubernetes API schema', () => {
    // Given the rendered objects
    // When each is validated against the schema of its apiVersion and kind
    const violations = objects.map(schemaViolation).filter(Boolean);
    // Then all are valid, and each service has its Deployment and Service
    expect(violations).toEqual([]);
    for (const service of SERVICES) {
      expect(deploymentOf(objects, service).spec?.template.spec?.containers).toHaveLength(1);
      expect(ofKind<IService>(objects, 'Service').map((s) => s.metadata?.name)).toContain(service);
    }
  });

  it('runs tagged images, non-root on a read-only root filesystem, with requests, limits and health probes', () => {
    // Given every container of every Deployment
    const findings = ofKind<IDeployment>(objects, 'Deployment').flatMap((deployment) =>
      [
        ...(deployment.spec?.template.spec?.containers ?? []),
        ...(deployment.spec?.template.spec?.initContainers ?? []),
      ].map((container) => policyFindings(deployment, container, objects)),
    );
    // Then none breaks the policy
    expect(findings.flat()).toEqual([]);
  });

  it('takes credentials from Secrets only, and commits no secret value', () => {
    // Given the rendered Secrets, ConfigMaps and containers
    const secretValues = ofKind<ISecret>(objects, 'Secret').flatMap((secret) => [
      ...Object.values(secret.data ?? {}),
      ...Object.values(secret.stringData ?? {}),
    ]);
    const configured = ofKind<IConfigMap>(objects, 'ConfigMap').flatMap((map) => Object.keys(map.data ?? {}));
    // Then no Secret carries a value and no ConfigMap a credential
    expect(secretValues).toEqual([]);
    expect(configured.filter((name) => SECRET_VARIABLE.test(name))).toEqual([]);
    for (const { container } of containers()) {
      // And each container reads exactly its credentials through secretKeyRef (never a whole Secret by envFrom)
      expect(container.envFrom?.filter((source) => source.secretRef) ?? [], container.name).toEqual([]);
      const fromSecrets = [...environment(container, objects)].filter(([, source]) => source.from === 'secret');
      const credentials = [...environment(container, objects).keys()].filter((name) => SECRET_VARIABLE.test(name));
      expect(fromSecrets.map(([name]) => name).sort(), container.name).toEqual(credentials.sort());
    }
    // And every variable the README marks as a development-only secret is one the check above covers
    const devSecrets = [...readmeConfiguration()].filter(([, variable]) =>
      variable.default.includes('development only'),
    );
    expect(devSecrets.filter(([name]) => !SECRET_VARIABLE.test(name))).toEqual([]);
  });

  it('sets only variables the services read, and every one whose default works only on a laptop', () => {
    // Given the README's configuration table
    const readme = readmeConfiguration();
    for (const { service, container } of containers()) {
      const variables = environment(container, objects);
      // Then every variable set is documented there
      expect(
        [...variables.keys()].filter((name) => !readme.has(name)),
        service,
      ).toEqual([]);
      // And each variable of this service with a local-only default is set
      const needed = [...readme].filter(([, v]) => v.services.includes(service) && LOCAL_DEFAULT.test(v.default));
      expect(
        needed.map(([name]) => name).filter((name) => !variables.has(name)),
        service,
      ).toEqual([]);
    }
  });

  it('exposes the ports the services listen on, probes the HTTP port, and points order at the gRPC Services', () => {
    for (const { service, container } of containers()) {
      // Given the ports the service's env makes it listen on
      const ports = listenPorts(service, environment(container, objects));
      // Then its container declares exactly those, under their names
      const declared = Object.fromEntries((container.ports ?? []).map((port) => [port.name, port.containerPort]));
      expect(declared, service).toEqual(ports);
      // And every port of its Service leads to one of them
      const serviceObject = ofKind<IService>(objects, 'Service').find((s) => s.metadata?.name === service);
      for (const port of serviceObject?.spec?.ports ?? [])
        expect(resolveAddress(`${service}:${port.port}`, objects), `${service}:${port.port}`).toEqual({
          target: service,
          containerPort: port.name ? ports[port.name] : undefined,
        });
    }
    // And the addresses other services are given reach the right port of the right service
    const order = environment(containerOf(deploymentOf(objects, 'order')), objects);
    const listening = (service: ServiceName) => {
      const ports = listenPorts(service, environment(containerOf(deploymentOf(objects, service)), objects));
      return (kind: 'http' | 'grpc') => ({ target: service, containerPort: ports[kind] });
    };
    expect(resolveAddress(settingOf(order, 'ORDER_CATALOG_GRPC_ADDRESS'), objects)).toEqual(
      listening('catalog')('grpc'),
    );
    expect(resolveAddress(settingOf(order, 'ORDER_IDENTITY_GRPC_ADDRESS'), objects)).toEqual(
      listening('identity')('grpc'),
    );
    for (const { service, container } of containers())
      expect(resolveAddress(settingOf(environment(container, objects), 'IDENTITY_URL'), objects), service).toEqual(
        listening('identity')('http'),
      );
  });
});

describe('the production overlay', () => {
  let objects: KubeObject[];
  beforeAll(async () => {
    objects = await rendered('production');
  });

  it('runs two replicas at least, scaled by a HorizontalPodAutoscaler and kept by a PodDisruptionBudget', () => {
    for (const service of SERVICES) {
      // Given each service's Deployment
      const deployment = deploymentOf(objects, service);
      // Then it starts with two replicas, and an autoscaler keeps at least two
      expect(deployment.spec?.replicas, service).toBeGreaterThanOrEqual(2);
      const autoscalers = ofKind<IHorizontalPodAutoscaler>(objects, 'HorizontalPodAutoscaler').filter(
        (hpa) => hpa.spec?.scaleTargetRef.kind === 'Deployment' && hpa.spec.scaleTargetRef.name === service,
      );
      expect(autoscalers, service).toHaveLength(1);
      expect(autoscalers[0]?.spec?.minReplicas, service).toBeGreaterThanOrEqual(2);
      expect(autoscalers[0]?.spec?.maxReplicas, service).toBeGreaterThan(autoscalers[0]?.spec?.minReplicas ?? 0);
      // And one disruption budget covering its pods keeps one of them available
      const budgets = ofKind<IPodDisruptionBudget>(objects, 'PodDisruptionBudget').filter((pdb) =>
        selects(pdb.spec?.selector, podLabels(deployment)),
      );
      expect(
        budgets.map((pdb) => pdb.spec?.minAvailable),
        service,
      ).toEqual([1]);
    }
  });

  it('switches quorum queues on for every service', () => {
    for (const service of SERVICES) {
      const variables = environment(containerOf(deploymentOf(objects, service)), objects);
      expect(settingOf(variables, 'RABBITMQ_QUORUM_QUEUES'), service).toBe('true');
    }
  });

  it('admits only the gateway and Prometheus to the HTTP ports, and only order to the gRPC ports', () => {
    // Given the NetworkPolicies (matchLabels selectors only, as admittedPeers reads them)
    const policies = ofKind<INetworkPolicy>(objects, 'NetworkPolicy');
    expect(JSON.stringify(policies)).not.toContain('matchExpressions');
    // Then one denies all ingress to every pod of the namespace
    const denyAll = policies.filter(
      (p) =>
        Object.keys(p.spec?.podSelector ?? {}).length === 0 &&
        p.spec?.policyTypes?.includes('Ingress') &&
        !p.spec.ingress?.length,
    );
    expect(denyAll).toHaveLength(1);
    // And each port admits exactly whom it serves
    const gateway = 'namespace kubernetes.io/metadata.name=ingress-nginx';
    const prometheus = 'namespace kubernetes.io/metadata.name=monitoring, pod app.kubernetes.io/name=prometheus';
    const pods = (...names: ServiceName[]) => names.map((name) => `pod app.kubernetes.io/name=${name}`);
    const expected: Record<ServiceName, { http: string[]; grpc?: string[] }> = {
      identity: { http: [gateway, prometheus, ...pods('catalog', 'order')], grpc: pods('order') },
      catalog: { http: [gateway, prometheus], grpc: pods('order') },
      order: { http: [gateway, prometheus] },
    };
    for (const service of SERVICES) {
      const deployment = deploymentOf(objects, service);
      const container = containerOf(deployment);
      const ports = listenPorts(service, environment(container, objects));
      const want = Object.fromEntries(
        Object.entries(expected[service]).map(([kind, peers]) => [String(ports[kind]), [...peers].sort()]),
      );
      expect(admittedPeers(policies, podLabels(deployment), container), service).toEqual(want);
    }
  });

  it('routes the gateway paths through the Ingress, the OpenAPI documents rewritten to each /swagger/json', () => {
    // Given every path of the Ingresses with the service and container port it reaches, and its rewrite
    const routes = ofKind<IIngress>(objects, 'Ingress').flatMap((ingress) =>
      (ingress.spec?.rules ?? []).flatMap((rule) =>
        (rule.http?.paths ?? []).map((path) => {
          const backend = path.backend.service;
          const service = ofKind<IService>(objects, 'Service').find((s) => s.metadata?.name === backend?.name);
          const port = service?.spec?.ports?.find(
            (p) => p.name === backend?.port?.name || p.port === backend?.port?.number,
          );
          const rewrite = ingress.metadata?.annotations?.['nginx.ingress.kubernetes.io/rewrite-target'];
          return [path.path, { ...resolveAddress(`${backend?.name}:${port?.port}`, objects), rewrite }] as const;
        }),
      ),
    );
    // Then the routes are those of the gateway, each to its service's HTTP port
    const http = (target: ServiceName, rewrite?: string) => ({
      target,
      containerPort: listenPorts(target, environment(containerOf(deploymentOf(objects, target)), objects)).http,
      rewrite,
    });
    expect(Object.fromEntries(routes)).toEqual({
      '/connect': http('identity'),
      '/.well-known': http('identity'),
      '/api/v1/identity': http('identity'),
      '/swagger': http('identity'),
      '/api/v1/catalog': http('catalog'),
      '/api/v1/orders': http('order'),
      '/docs/identity.json': http('identity', '/swagger/json'),
      '/docs/catalog.json': http('catalog', '/swagger/json'),
      '/docs/order.json': http('order', '/swagger/json'),
    });
    expect(routes).toHaveLength(9);
    // And the one Swagger UI (identity's) lists the three documents where the Ingress serves them
    const identity = environment(containerOf(deploymentOf(objects, 'identity')), objects);
    expect(settingOf(identity, 'SWAGGER_DOCUMENTS')).toBe(
      'identity=/docs/identity.json,catalog=/docs/catalog.json,order=/docs/order.json',
    );
  });
});

describe('the dev overlay', () => {
  it('runs one replica of each service and no autoscaler', async () => {
    // Given the rendered dev overlay
    const objects = await rendered('dev');
    // Then each Deployment has one replica and nothing scales it
    for (const service of SERVICES) expect(deploymentOf(objects, service).spec?.replicas, service).toBe(1);
    expect(ofKind(objects, 'HorizontalPodAutoscaler')).toEqual([]);
  });
});

describe('the kustomizations', () => {
  // Debian's kubectl 1.20 embeds kustomize v2.0.3: no `replicas` or `patches`, and `resources` must be files.
  const KUSTOMIZE_2_0_3 = [
    ...['apiVersion', 'kind', 'resources', 'bases', 'patchesStrategicMerge', 'patchesJson6902', 'images'],
    ...['configMapGenerator', 'secretGenerator', 'generatorOptions', 'namespace', 'namePrefix', 'nameSuffix'],
    ...['commonLabels', 'commonAnnotations', 'vars', 'crds'],
  ];
  const kustomizations = ['base', ...OVERLAYS.map((overlay) => `overlays/${overlay}`)].map((dir) =>
    join(kubernetesDir, dir, 'kustomization.yaml'),
  );

  it('use only what kustomize v2.0.3 understands', () => {
    expect(readdirSync(join(kubernetesDir, 'overlays')).sort()).toEqual([...OVERLAYS]);
    for (const file of kustomizations) {
      // Given a kustomization
      const kustomization = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      // Then its fields are v2.0.3 fields, `resources` are files and `bases` directories
      expect(
        Object.keys(kustomization).filter((field) => !KUSTOMIZE_2_0_3.includes(field)),
        file,
      ).toEqual([]);
      const isFile = (path: string) => statSync(join(dirname(file), path)).isFile();
      expect((kustomization.resources as string[] | undefined)?.filter((path) => !isFile(path)) ?? [], file).toEqual(
        [],
      );
      expect((kustomization.bases as string[] | undefined)?.filter(isFile) ?? [], file).toEqual([]);
    }
  });
});
