import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadCatalogConfig } from '../../services/catalog/src/config';
import { loadIdentityConfig } from '../../services/identity/src/config';
import { loadOrderConfig } from '../../services/order/src/config';

// The GitHub Actions workflows cannot run here, so they are checked here: against the workflow schema (the
// action-validator CLI from the npm registry), and against what the services and the tests really use.
const run = promisify(execFile);
const root = join(__dirname, '../..');
const workflowsDir = join(root, '.github/workflows');
const validator = join(root, 'node_modules/.bin/action-validator');

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  'runs-on'?: string;
  services?: Record<string, { image: string; env?: Record<string, string>; ports?: string[]; options?: string }>;
  strategy?: { matrix?: Record<string, unknown> };
  permissions?: Record<string, string>;
  steps?: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

function workflow(file: string): Workflow {
  return parse(readFileSync(join(workflowsDir, file), 'utf8')) as Workflow;
}

/** The host ports a service container publishes (`"5432:5432"` → 5432). */
function hostPorts(service: { ports?: string[] } | undefined): number[] {
  return (service?.ports ?? []).map((port) => Number(String(port).split(':')[0]));
}

const portOf = (url: string) => Number(new URL(url).port);

/** A GitHub Actions expression as a workflow spells it: `${{ body }}`. */
const expression = (body: string) => `$${'{{'} ${body} }}`;

describe('.github/workflows', () => {
  const files = readdirSync(workflowsDir).filter((file) => /\.ya?ml$/.test(file));

  it.each(files)('%s is a valid GitHub Actions workflow', async (file) => {
    // Given a workflow file
    // When the schema validator reads it
    const result = await run(validator, [join(workflowsDir, file)]).then(
      () => ({ code: 0, output: '' }),
      // A missing binary (ENOENT) fails with its message; a file the schema refuses, with the validator's report.
      (error: { code?: number | string; stdout?: string; stderr?: string; message: string }) => ({
        code: error.code ?? 1,
        output: `${error.stdout ?? ''}${error.stderr ?? ''}` || error.message,
      }),
    );
    // Then it finds nothing wrong
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });

  it('ci.yml runs what .ci/run runs, with the infrastructure on the ports the services and tests use', () => {
    // Given the CI workflow and the services' default configuration
    const ci = workflow('ci.yml');
    const [job, ...others] = Object.values(ci.jobs);
    const identity = loadIdentityConfig({});
    const databases = [
      loadCatalogConfig({}).CATALOG_DATABASE_URL,
      identity.IDENTITY_DATABASE_URL,
      loadOrderConfig({}).ORDER_DATABASE_URL,
    ];

    // Then it runs on every push and pull request
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
    expect(others).toEqual([]);
    // And its one job runs `npm test`, the command of .ci/run
    expect(readFileSync(join(root, '.ci/run'), 'utf8')).toMatch(/^exec npm test$/m);
    expect(job?.steps?.map((step) => step.run?.trim())).toContain('npm test');
    // And Postgres (trusting local connections), RabbitMQ with its management API and Redis run beside it
    const services = job?.services ?? {};
    expect(services.postgres?.image).toMatch(/^postgres:/);
    expect(services.rabbitmq?.image).toMatch(/^rabbitmq:.*management/);
    expect(services.redis?.image).toMatch(/^redis:/);
    expect(services.postgres?.env?.POSTGRES_HOST_AUTH_METHOD).toBe('trust');
    for (const service of Object.values(services)) expect(service.options).toMatch(/--health-cmd /);
    // On the ports the services default to, and the management API's the messaging tests read (testing/brokers.ts)
    for (const url of databases) expect(hostPorts(services.postgres)).toContain(portOf(url));
    expect(hostPorts(services.rabbitmq)).toEqual(expect.arrayContaining([portOf(identity.RABBITMQ_URL), 15672]));
    expect(hostPorts(services.redis)).toContain(portOf(identity.REDIS_URL));
    // And `rabbitmqctl`, which the broker-alarm tests run, reaches the broker's container
    expect(job?.steps?.map((step) => step.run ?? '').join('\n')).toMatch(/docker exec \S+ rabbitmqctl "\$@"/);
  });

  it('images.yml builds one image per service from the compose Dockerfile and pushes it on main only', () => {
    // Given the image workflow
    const images = workflow('images.yml');
    const [job] = Object.values(images.jobs);
    const steps = job?.steps ?? [];
    const build = steps.find((step) => step.uses?.startsWith('docker/build-push-action@'));

    // Then it runs on pushes to main, with the right to write packages
    expect(images.on).toEqual({ push: { branches: ['main'] } });
    expect(images.permissions?.packages).toBe('write');
    // And its matrix has the three services, each built from the one Dockerfile with its own command
    expect(job?.strategy?.matrix?.service).toEqual(['identity', 'catalog', 'order']);
    expect(build?.with?.file).toBe('deployments/docker-compose/Dockerfile');
    expect(build?.with?.context).toBe('.');
    expect(build?.with?.['build-args']).toBe(`SERVICE=${expression('matrix.service')}`);
    const dockerfile = readFileSync(join(root, 'deployments/docker-compose/Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^ARG SERVICE=/m);
    // And it pushes to ghcr.io, tagged with the commit, only from main
    expect(build?.with?.push).toBe(expression("github.ref == 'refs/heads/main'"));
    expect(JSON.stringify(steps)).toContain(
      `ghcr.io/${expression('github.repository_owner')}/shop-${expression('matrix.service')}`,
    );
    expect(JSON.stringify(steps)).toContain('type=sha,format=long');
  });

  it('pins every action to a major version at least', () => {
    // Given every step that uses an action
    const uses = files.flatMap((file) =>
      Object.values(workflow(file).jobs).flatMap((job) => (job.steps ?? []).flatMap((step) => step.uses ?? [])),
    );
    // Then each names a version: a major tag (v4), a full tag or a commit
    expect(uses.length).toBeGreaterThan(0);
    for (const action of uses) expect(action).toMatch(/^[\w.-]+\/[\w./-]+@(v\d+(\.\d+)*|[0-9a-f]{40})$/);
  });
});
