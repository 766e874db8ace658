import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const run = promisify(execFile);
const compose = join(__dirname, '../../deployments/docker-compose');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[] | string;
  environment?: Record<string, string>;
  /** compose 1.29 renders `"4318:4318"` as `{ published: 4318, target: 4318 }`. */
  ports?: ({ published: number; target: number } | string)[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}

/** A compose file as Debian's docker-compose 1.29 renders it: validated, `extends` and anchors resolved. */
async function rendered(file: string): Promise<Record<string, ComposeService>> {
  const { stdout } = await run('docker-compose', ['-f', join(compose, file), 'config']);
  return (parse(stdout) as { services: Record<string, ComposeService> }).services;
}

/** The container ports a service publishes. */
function targetPorts(service: ComposeService | undefined): number[] {
  return (service?.ports ?? []).map((port) => (typeof port === 'string' ? Number(port.split(':').pop()) : port.target));
}

const SERVICES = ['identity', 'catalog', 'order'] as const;
const HTTP_PORT = { identity: 5002, catalog: 5000, order: 5004 } as const;

describe('deployments/docker-compose', () => {
  let infrastructure: Record<string, ComposeService>;
  let app: Record<string, ComposeService>;
  beforeAll(async () => {
    [infrastructure, app] = await Promise.all([rendered('infrastructure.yaml'), rendered('docker-compose.yaml')]);
  }, 30_000);

  it('infrastructure.yaml runs everything the services and a person need, each with a healthcheck', () => {
    // Given the rendered infrastructure file
    // Then it has Postgres, RabbitMQ with its management UI, Redis, Jaeger, Prometheus and Grafana
    expect(Object.keys(infrastructure).sort()).toEqual(
      ['grafana', 'jaeger', 'postgres', 'prometheus', 'rabbitmq', 'redis'].sort(),
    );
    for (const [name, service] of Object.entries(infrastructure))
      expect(service.healthcheck?.test.length, `${name} has a healthcheck`).toBeGreaterThan(0);
    expect(infrastructure.rabbitmq?.image).toMatch(/management/);
    expect(targetPorts(infrastructure.rabbitmq)).toEqual(expect.arrayContaining([5672, 15672]));
    // And Jaeger receives OTLP over HTTP on 4318, where OTEL_EXPORTER_OTLP_ENDPOINT points
    expect(infrastructure.jaeger?.environment?.COLLECTOR_OTLP_ENABLED).toBe('true');
    expect(targetPorts(infrastructure.jaeger)).toEqual(expect.arrayContaining([4318, 16686]));
  });

  it('creates the three service databases and provisions the dashboard', async () => {
    // Given Postgres's init script and Grafana's mounts
    const init = infrastructure.postgres?.volumes?.find((volume) => volume.includes('/docker-entrypoint-initdb.d/'));
    expect(init, 'postgres mounts an init script').toBeDefined();
    const script = await readFile(String(init?.split(':')[0]), 'utf8');
    // Then each service's database (the names docker-compose.yaml's URLs use) is created
    for (const name of SERVICES) {
      const url = Object.entries(app[name]?.environment ?? {}).find(([key]) => key.endsWith('_DATABASE_URL'))?.[1];
      const database = String(url).split('/').pop();
      expect(script).toContain(`CREATE DATABASE ${database};`);
    }
    // And Grafana loads the committed dashboards directory where its provider looks
    const provider = parse(await readFile(join(compose, 'grafana/provisioning/dashboards/shop.yaml'), 'utf8')) as {
      providers: { options: { path: string } }[];
    };
    const dashboards = infrastructure.grafana?.volumes?.find((volume) => volume.includes('/grafana/dashboards:'));
    expect(dashboards?.split(':')[1]).toBe(provider.providers[0]?.options.path);
  });

  it('docker-compose.yaml runs identity, catalog and order from the image, healthy before their dependants start', () => {
    // Given the rendered whole-app file
    for (const name of SERVICES) {
      const service = app[name];
      // Then each service is built from the one Dockerfile, runs its own main, and has a readiness healthcheck
      expect(service?.build?.dockerfile, name).toBe('deployments/docker-compose/Dockerfile');
      expect(JSON.stringify(service?.command), name).toContain(`services/${name}/dist/main.js`);
      expect(service?.healthcheck?.test.join(' '), name).toContain('/health/ready');
      // And it listens where the Prometheus of the same file scrapes it
      expect(service?.environment?.[`${name.toUpperCase()}_HTTP_PORT`], name).toBe(String(HTTP_PORT[name]));
    }
    // And order starts only once the two services it calls over gRPC are healthy
    expect(app.order?.depends_on?.identity?.condition).toBe('service_healthy');
    expect(app.order?.depends_on?.catalog?.condition).toBe('service_healthy');
    expect(app.order?.environment?.ORDER_CATALOG_GRPC_ADDRESS).toBe(
      `catalog:${app.catalog?.environment?.CATALOG_GRPC_PORT}`,
    );
    expect(app.order?.environment?.ORDER_IDENTITY_GRPC_ADDRESS).toBe(
      `identity:${app.identity?.environment?.IDENTITY_GRPC_PORT}`,
    );
  });

  it('puts the nginx gateway with the committed configuration in front of the three services', async () => {
    // Given the rendered gateway service and the committed nginx configuration
    const gateway = app.gateway;
    const mount = gateway?.volumes?.find((volume) => volume.startsWith(join(compose, 'nginx:')));
    expect(mount, 'the gateway mounts deployments/docker-compose/nginx').toBeDefined();
    const [, directory] = String(mount).split(':');
    const upstreams = await readFile(join(compose, 'nginx/upstreams.conf'), 'utf8');
    // Then it runs a pinned nginx image on the committed nginx.conf, published on 8080
    expect(gateway?.image).toMatch(/^nginx:\d+\.\d+\.\d+-alpine$/);
    expect(gateway?.command).toEqual(expect.arrayContaining(['-c', `${directory}/nginx.conf`]));
    expect(gateway?.ports).toEqual([{ published: 8080, target: 8080 }]);
    await expect(readFile(join(compose, 'nginx/listen.conf'), 'utf8')).resolves.toMatch(/^listen 8080;$/m);
    expect(gateway?.healthcheck?.test.join(' ')).toContain('http://127.0.0.1:8080/');
    for (const name of SERVICES) {
      // And it starts once each service is healthy, reaching it by its Compose name and HTTP port
      expect(gateway?.depends_on?.[name]?.condition, name).toBe('service_healthy');
      expect(upstreams, name).toMatch(new RegExp(`upstream ${name} \\{\\s+server ${name}:${HTTP_PORT[name]};`));
    }
    // And identity's Swagger UI, the gateway's /swagger, lists the documents the gateway serves
    expect(app.identity?.environment?.SWAGGER_DOCUMENTS).toBe(
      'identity=/docs/identity.json,catalog=/docs/catalog.json,order=/docs/order.json',
    );
  });

  it('builds the image in stages and runs it as a non-root user', async () => {
    // Given the Dockerfile
    const dockerfile = await readFile(join(compose, 'Dockerfile'), 'utf8');
    const stages = dockerfile.match(/^FROM .+ AS (\w+)$/gm) ?? [];
    // Then a build stage is separate from the runtime stage, which copies the build's output
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/^COPY --from=build /m);
    // And the last USER of the runtime stage is not root
    const user = runtime
      .match(/^USER (\S+)$/gm)
      ?.pop()
      ?.split(' ')[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
  });
});
