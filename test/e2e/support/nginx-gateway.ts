import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot } from './services';

/** Debian's nginx (`apt-get install nginx`, scripts/prepare-machine.sh). */
const NGINX = '/usr/sbin/nginx';
const COMMITTED = join(repositoryRoot, 'deployments/docker-compose/nginx');

export interface NginxGateway {
  readonly url: string;
  /** The access log lines so far, one a request (nginx.conf's `gateway` format). */
  accessLog(): Promise<string[]>;
  /** Everything nginx wrote, for a failing test's message. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * The committed Compose configuration with only the addresses swapped: `upstreams.conf` and `listen.conf` are the
 * committed files with each `server <service>:<port>` and the listen port replaced; nginx.conf is the committed file
 * itself (linked, so its includes are read beside the link).
 */
async function configurationFor(directory: string, port: number, upstreams: Record<string, string>): Promise<void> {
  let servers = await readFile(join(COMMITTED, 'upstreams.conf'), 'utf8');
  for (const [name, url] of Object.entries(upstreams)) {
    const server = new RegExp(`server ${name}:\\d+;`);
    if (!server.test(servers)) throw new Error(`upstreams.conf has no "server ${name}:<port>;"`);
    servers = servers.replace(server, `server ${new URL(url).host};`);
  }
  const listen = (await readFile(join(COMMITTED, 'listen.conf'), 'utf8')).replace(
    /^listen \d+;$/m,
    `listen 127.0.0.1:${port};`,
  );
  if (!listen.includes(`:${port};`)) throw new Error('listen.conf has no "listen <port>;"');
  await Promise.all([
    symlink(join(COMMITTED, 'nginx.conf'), join(directory, 'nginx.conf')),
    writeFile(join(directory, 'upstreams.conf'), servers),
    writeFile(join(directory, 'listen.conf'), listen),
    mkdir(join(directory, 'prefix')),
  ]);
}

async function waitUntilListening(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}):\n${output()}`);
    if (await fetch(url).catch(() => undefined)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nginx did not answer on ${url} within 10 s:\n${output()}`);
}

/**
 * Starts Debian's nginx, in the foreground and without root, with deployments/docker-compose/nginx/nginx.conf in
 * front of the given services (`{ identity: 'http://127.0.0.1:5002', ... }`), on `port`.
 */
export async function startNginxGateway(port: number, upstreams: Record<string, string>): Promise<NginxGateway> {
  if (!existsSync(NGINX)) throw new Error(`${NGINX} is missing: apt-get install nginx (scripts/prepare-machine.sh)`);
  const directory = await mkdtemp(join(tmpdir(), 'shop-gateway-'));
  await configurationFor(directory, port, upstreams);
  const args = ['-e', 'stderr', '-p', `${join(directory, 'prefix')}/`, '-c', join(directory, 'nginx.conf')];
  // nginx opens `/dev/stdout` for its access log, which a socket (Node's default for a child's stdio) refuses: the
  // child's stdout is a file.
  const accessLogPath = join(directory, 'access.log');
  const stdout = await open(accessLogPath, 'a');
  const child = spawn(NGINX, [...args, '-g', `daemon off; pid ${join(directory, 'nginx.pid')};`], {
    stdio: ['ignore', stdout.fd, 'pipe'],
  });
  await stdout.close();
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const accessLog = async () => (await readFile(accessLogPath, 'utf8').catch(() => '')).split('\n').filter(Boolean);
  const output = () => `nginx errors:\n${errors}`;
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    await rm(directory, { recursive: true, force: true });
  };
  try {
    await waitUntilListening(url, child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, accessLog, output, stop };
}
