import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

const run = promisify(execFile);
const compose = join(__dirname, '../../deployments/docker-compose');

/** What this test reads of `docker-compose config` (compose 1.29's rendering: volumes as `source:target:mode`). */
interface ComposeService {
  environment?: Record<string, string>;
  volumes?: string[];
  command?: string[];
  networks?: Record<string, unknown> | string[];
  network_mode?: string;
}
interface PrometheusConfig {
  rule_files?: string[];
  scrape_configs: {
    job_name: string;
    static_configs: { targets: string[]; labels?: Record<string, string> }[];
  }[];
}
interface Dashboard {
  panels: { datasource?: { uid?: string }; targets?: { datasource?: { uid?: string } }[] }[];
}

/** Each service's HTTP port variable (README "Configuration"). */
const httpPortVariables = { identity: 'IDENTITY_HTTP_PORT', catalog: 'CATALOG_HTTP_PORT', order: 'ORDER_HTTP_PORT' };

const readYaml = async <T>(file: string) => parseYaml(await readFile(join(compose, file), 'utf8')) as T;

/** DESIGN §7 / §8: in compose, Prometheus scrapes all three services and Grafana shows what it scraped. */
describe('Prometheus and Grafana in docker-compose.yaml', () => {
  let services: Record<string, ComposeService>;
  let prometheus: PrometheusConfig;

  beforeAll(async () => {
    // Debian's docker-compose 1.29 renders the file as Docker would run it: `extends`, anchors, paths resolved.
    const { stdout } = await run('docker-compose', ['-f', join(compose, 'docker-compose.yaml'), 'config']);
    services = (parseYaml(stdout) as { services: Record<string, ComposeService> }).services;
    prometheus = await readYaml<PrometheusConfig>('prometheus/prometheus.yml');
  }, 30_000);

  const service = (name: string): ComposeService => {
    const found = services[name];
    if (!found) throw new Error(`docker-compose.yaml has no service ${name}`);
    return found;
  };
  const volumesOf = (name: string) =>
    (service(name).volumes ?? []).map((volume) => {
      const [source, target, mode] = volume.split(':');
      return { source, target, mode };
    });

  it('mounts the committed prometheus directory read-only, with prometheus.yml and the rule files it names', () => {
    // Given the rendered compose file
    // Then Prometheus reads /etc/prometheus/prometheus.yml from the committed directory, alerts.yml beside it
    expect(volumesOf('prometheus')).toContainEqual({
      source: join(compose, 'prometheus'),
      target: '/etc/prometheus',
      mode: 'ro',
    });
    expect(service('prometheus').command).toContain('--config.file=/etc/prometheus/prometheus.yml');
    expect(prometheus.rule_files).toContain('alerts.yml');
    for (const file of prometheus.rule_files ?? [])
      expect(existsSync(join(compose, 'prometheus', file)), file).toBe(true);
  });

  it('scrapes identity, catalog and order by their compose names, on the HTTP port compose gives each', () => {
    // Given the `shop` job of prometheus.yml
    const job = prometheus.scrape_configs.find((config) => config.job_name === 'shop');
    const targets = (job?.static_configs ?? []).flatMap((group) =>
      group.targets.map((target) => ({ target, service: group.labels?.service })),
    );
    // Then each service is a target at `<compose name>:<its HTTP port variable>`, labelled with its name
    for (const [name, variable] of Object.entries(httpPortVariables)) {
      const port = service(name).environment?.[variable];
      expect(port, `${name} sets ${variable}`).toMatch(/^\d+$/);
      expect(targets).toContainEqual({ target: `${name}:${port}`, service: name });
    }
    expect(targets).toHaveLength(Object.keys(httpPortVariables).length);
  });

  it('lets Prometheus reach each service: a network in common, listening on every interface', () => {
    // Given the networks compose puts each container on (`default` when a service names none)
    const networksOf = (name: string) => {
      const { networks, network_mode } = service(name);
      if (network_mode) return [`mode:${network_mode}`];
      if (!networks) return ['default'];
      return Array.isArray(networks) ? networks : Object.keys(networks);
    };
    const prometheusNetworks = networksOf('prometheus');
    for (const name of Object.keys(httpPortVariables)) {
      // Then each service shares a network with Prometheus and does not listen on loopback only
      expect(
        networksOf(name).some((network) => prometheusNetworks.includes(network)),
        `${name} and prometheus share a network`,
      ).toBe(true);
      expect(service(name).environment?.HOST ?? '0.0.0.0', `${name}'s HOST`).toBe('0.0.0.0');
    }
  });

  it('mounts the dashboards where the Grafana provider reads them, on the provisioned Prometheus data source', async () => {
    // Given the dashboard provider, the data source and the dashboard
    const provider = await readYaml<{ providers: { options: { path: string } }[] }>(
      'grafana/provisioning/dashboards/shop.yaml',
    );
    const sources = await readYaml<{ datasources: { type: string; uid?: string }[] }>(
      'grafana/provisioning/datasources/prometheus.yaml',
    );
    const dashboard = JSON.parse(await readFile(join(compose, 'grafana/dashboards/shop.json'), 'utf8')) as Dashboard;
    // Then Grafana has its provisioning and the dashboards directory where the provider looks
    const volumes = volumesOf('grafana');
    expect(volumes).toContainEqual({
      source: join(compose, 'grafana/provisioning'),
      target: '/etc/grafana/provisioning',
      mode: 'ro',
    });
    for (const { options } of provider.providers) {
      expect(volumes).toContainEqual({ source: join(compose, 'grafana/dashboards'), target: options.path, mode: 'ro' });
    }
    // And every panel and query names the provisioned Prometheus data source
    const uid = sources.datasources.find((source) => source.type === 'prometheus')?.uid;
    expect(uid).toBeTruthy();
    const named = dashboard.panels.flatMap((panel) => [panel, ...(panel.targets ?? [])]).map((part) => part.datasource);
    expect(named.filter((source) => source !== undefined && source.uid !== uid)).toEqual([]);
    expect(dashboard.panels.filter((panel) => panel.targets && panel.datasource?.uid !== uid)).toEqual([]);
  });
});
