import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { type BuiltShop, freePort, repositoryRoot, startBuiltShop } from './support/services';
import { driveTraffic, type Traffic } from './support/shop-traffic';

const run = promisify(execFile);
const prometheusDir = join(repositoryRoot, 'deployments/docker-compose/prometheus');
const dashboardFile = join(repositoryRoot, 'deployments/docker-compose/grafana/dashboards/shop.json');

interface TargetGroup {
  targets: string[];
  labels?: Record<string, string>;
}
interface PrometheusConfig {
  global?: Record<string, unknown>;
  rule_files?: string[];
  scrape_configs: { job_name: string; scrape_interval?: string; static_configs: TargetGroup[] }[];
}
interface Panel {
  title?: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}
interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

/**
 * The committed prometheus.yml as this test runs it: every job, label, path and rule file kept, each target pointed at
 * the started service its `service` label names, scraped and evaluated every second. JSON is YAML to Prometheus.
 */
function testConfig(committed: PrometheusConfig, addresses: Record<string, string>): PrometheusConfig {
  const every = { scrape_interval: '1s', evaluation_interval: '1s' };
  return {
    ...committed,
    global: { ...committed.global, ...every },
    rule_files: (committed.rule_files ?? []).map((file) => resolve(prometheusDir, file)),
    scrape_configs: committed.scrape_configs.map((job) => ({
      ...job,
      ...(job.scrape_interval ? { scrape_interval: '1s' } : {}),
      static_configs: job.static_configs.map((group) => {
        const address = addresses[group.labels?.service ?? ''];
        if (!address)
          throw new Error(`${job.job_name}: a target group names no known service: ${JSON.stringify(group)}`);
        return { ...group, targets: group.targets.map(() => address) };
      }),
    })),
  };
}

/** Every query of every panel, rows included. */
const queriesOf = (panels: readonly Panel[]): { panel: string; expr: string }[] =>
  panels.flatMap((panel) => [
    ...(panel.targets ?? []).flatMap(({ expr }) => (expr ? [{ panel: panel.title ?? '', expr }] : [])),
    ...queriesOf(panel.panels ?? []),
  ]);

/** Polls `probe` every half second until it returns true or 45 s have passed; returns its last answer. */
async function poll<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 45_000;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** DESIGN §7: the committed scrape configuration, dashboard and alert rules, in the real Prometheus (Debian's). */
describe('the dashboard and the alert rules in Prometheus, against the built services', () => {
  let shop: BuiltShop;
  let prometheus: ChildProcess | undefined;
  let prometheusLog = '';
  let directory: string;
  let api: string;
  let config: PrometheusConfig;
  let traffic: Traffic;

  const get = async <T>(path: string, query: Record<string, string> = {}): Promise<T> => {
    const response = await fetch(`${api}${path}?${new URLSearchParams(query)}`);
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`${path} ${JSON.stringify(query)}: ${body.error}`);
    return body.data;
  };
  const instant = (query: string) => get<{ result: Sample[] }>('/api/v1/query', { query }).then((data) => data.result);
  const activeTargets = () =>
    get<{ activeTargets: { health: string; labels: Record<string, string> }[] }>('/api/v1/targets', {
      state: 'active',
    }).then((data) => data.activeTargets);
  const targetCount = () => config.scrape_configs.flatMap((job) => job.static_configs.flatMap((g) => g.targets)).length;

  beforeAll(async () => {
    shop = await startBuiltShop();
    directory = await mkdtemp(join(tmpdir(), 'shop-prometheus-'));
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    const host = (url: string) => new URL(url).host;
    const committed = parseYaml(await readFile(join(prometheusDir, 'prometheus.yml'), 'utf8')) as PrometheusConfig;
    config = testConfig(committed, {
      identity: host(shop.identity.url),
      catalog: host(shop.catalog.url),
      order: host(shop.order.url),
    });
    await writeFile(join(directory, 'prometheus.yml'), JSON.stringify(config, null, 2));
    prometheus = spawn(
      '/usr/bin/prometheus',
      [
        `--config.file=${join(directory, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(directory, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prometheus.stdout?.on('data', (chunk: Buffer) => (prometheusLog += chunk.toString()));
    prometheus.stderr?.on('data', (chunk: Buffer) => (prometheusLog += chunk.toString()));
    // Scraped before the traffic too: rate() and histogram_quantile() need a sample from before the first order.
    const up = await poll(
      () => activeTargets().catch(() => []),
      (targets) => targets.length === targetCount() && targets.every((target) => target.health === 'up'),
    );
    if (!up.every((target) => target.health === 'up') || up.length !== targetCount()) {
      throw new Error(`Prometheus does not scrape every target: ${JSON.stringify(up)}\n${prometheusLog}`);
    }
    traffic = await driveTraffic(shop);
  });

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null && prometheus.signalCode === null) {
      const exited = once(prometheus, 'exit');
      prometheus.kill('SIGTERM');
      await exited;
    }
    if (directory) await rm(directory, { recursive: true, force: true });
    await shop?.stop();
  });

  it('scrapes identity, catalog and order in every job of the committed configuration', async () => {
    // Given Prometheus running the committed prometheus.yml against the three services
    // When it lists its targets
    const targets = await activeTargets();
    // Then each job scrapes each of the three services, and every scrape succeeds
    for (const { job_name } of config.scrape_configs) {
      const services = targets.filter((target) => target.labels.job === job_name).map((t) => t.labels.service);
      expect(services.sort(), job_name).toEqual(['catalog', 'identity', 'order']);
    }
    expect(targets.filter((target) => target.health !== 'up')).toEqual([]);
  });

  it('returns data for every query of every dashboard panel', async () => {
    // Given the dashboard's queries, and the traffic of beforeAll (orders confirmed, rejected, cancelled)
    const dashboard = JSON.parse(await readFile(dashboardFile, 'utf8')) as { panels: Panel[] };
    const queries = queriesOf(dashboard.panels);
    expect(queries.length).toBeGreaterThanOrEqual(10);
    // When Prometheus has evaluated them over the scrapes since (each asked until it has answered with data once)
    let missing = queries;
    const withoutData = async () => {
      const answers = await Promise.all(missing.map(async (query) => ({ query, result: await instant(query.expr) })));
      // A panel shows something when at least one series has a number (NaN: a quantile of nothing observed)
      missing = answers
        .filter(({ result }) => !result.some((sample) => Number.isFinite(Number(sample.value[1]))))
        .map(({ query }) => query);
      return missing.map(({ panel, expr }) => `${panel}: ${expr}`);
    };
    // Then every one of them returns a series with a value
    expect(await poll(withoutData, (missing) => missing.length === 0)).toEqual([]);
  });

  it('counts the orders as the traffic made them, once per scrape job', async () => {
    // Given the orders of beforeAll
    const expected = {
      orders_placed_total: traffic.placed,
      orders_confirmed_total: traffic.confirmed,
      'sum by (job) (orders_rejected_total)': traffic.rejected,
      orders_cancelled_total: traffic.cancelled,
    };
    // When Prometheus has scraped the order service since they ended
    const values = async () =>
      Object.fromEntries(
        await Promise.all(
          Object.keys(expected).map(async (query) => [query, (await instant(query)).map((s) => Number(s.value[1]))]),
        ),
      ) as Record<string, number[]>;
    const jobs = config.scrape_configs.length;
    const wanted = Object.fromEntries(Object.entries(expected).map(([query, n]) => [query, Array(jobs).fill(n)]));
    // Then each counter has the number of orders that reached that state
    expect(await poll(values, (current) => JSON.stringify(current) === JSON.stringify(wanted))).toEqual(wanted);
  });

  it('loads every alert rule of alerts.yml, and each evaluates without error and stays quiet', async () => {
    // Given the rules of the committed rule files
    const names: string[] = [];
    for (const file of config.rule_files ?? []) {
      const rules = parseYaml(await readFile(file, 'utf8')) as { groups: { rules: { alert: string }[] }[] };
      names.push(...rules.groups.flatMap((group) => group.rules.map((rule) => rule.alert)));
    }
    expect(names.length).toBeGreaterThanOrEqual(5);
    // When Prometheus has evaluated them
    type Rule = { name: string; health: string; state: string; lastError?: string };
    const loaded = () =>
      get<{ groups: { rules: Rule[] }[] }>('/api/v1/rules').then((data) => data.groups.flatMap((g) => g.rules));
    const rules = await poll(loaded, (all) => all.length === names.length && all.every((rule) => rule.health === 'ok'));
    // Then each is there, healthy, and not pending or firing on this healthy system
    expect(rules.map((rule) => rule.name).sort()).toEqual([...names].sort());
    expect(rules.filter((rule) => rule.health !== 'ok' || rule.state !== 'inactive')).toEqual([]);
  });

  it('passes promtool: the committed configuration and its alert rules', async () => {
    // When promtool checks the files as committed, Then it exits 0 (execFile rejects otherwise)
    await run('/usr/bin/promtool', ['check', 'rules', join(prometheusDir, 'alerts.yml')]);
    await run('/usr/bin/promtool', ['check', 'config', join(prometheusDir, 'prometheus.yml')]);
  });
});
