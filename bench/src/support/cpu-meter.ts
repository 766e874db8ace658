import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';

/** Linux clock ticks per second (USER_HZ): the unit of utime/stime in /proc/<pid>/stat. */
const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU time of a process so far, in microseconds; undefined once it is gone (proc(5)). */
function processMicros(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** The RabbitMQ node's Erlang VM on this machine, if there is one. */
function brokerPid(): number | undefined {
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    // A process may end between the listing and the read: it is not the broker then.
    const comm = (() => {
      try {
        return readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      } catch {
        return '';
      }
    })();
    if (comm === 'beam.smp') return Number(entry);
  }
  return undefined;
}

/** The Postgres backends serving `databases` now (the server runs on this machine). */
async function backendPids(serverUrl: string, databases: readonly string[]): Promise<number[]> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT pid FROM pg_stat_activity WHERE datname = ANY($1)', [databases]);
    return rows.map((row) => Number(row.pid));
  } finally {
    await client.end();
  }
}

export interface CpuShares {
  /** The Postgres backends of the measured databases (not the server's background processes). */
  postgres: number;
  /** The whole broker: any other vhost's traffic on it counts too. */
  rabbitmq: number;
  /** This process: the load generator and the outcome probe (and, for the floor, the floor itself). */
  bench: number;
}

/**
 * Measures the CPU time Postgres (the backends of `databases`), RabbitMQ and this process spend between `start`
 * and `stop`, from /proc: what a service's work costs the infrastructure, which the services' own CPU leaves out.
 * Backends that connect in between count from their start; one that disconnects in between is missed.
 */
export async function startCpuMeter(serverUrl: string, databases: readonly string[]) {
  const broker = brokerPid();
  const backends = new Map((await backendPids(serverUrl, databases)).map((pid) => [pid, processMicros(pid) ?? 0]));
  const brokerBefore = broker === undefined ? 0 : (processMicros(broker) ?? 0);
  const own = process.cpuUsage();
  return {
    async stop(): Promise<CpuShares> {
      const ownUsed = process.cpuUsage(own);
      const brokerAfter = broker === undefined ? brokerBefore : (processMicros(broker) ?? brokerBefore);
      let postgres = 0;
      for (const pid of await backendPids(serverUrl, databases)) {
        postgres += (processMicros(pid) ?? 0) - (backends.get(pid) ?? 0);
      }
      return { postgres, rabbitmq: brokerAfter - brokerBefore, bench: ownUsed.user + ownUsed.system };
    },
  };
}
