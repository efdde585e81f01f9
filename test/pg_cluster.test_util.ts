// A throwaway PostgreSQL for the tests: a private cluster made with the installed binaries (initdb,
// pg_ctl; Debian's postgresql package) in os.tmpdir(), trust authentication, listening on 127.0.0.1
// on a free port and stopped (immediate mode) and removed at the end. initdb refuses to run as root,
// so as root the cluster runs as the `postgres` system user (which Debian's package creates).
// With TRAINSCOPE_TEST_PG_URL set (an existing server a test may create databases on), a throwaway
// database is made there instead. `startTestPostgres()` returns undefined, with the reason, when
// neither exists: the tests then skip with that note.

import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import pg from "pg";

export interface TestPostgres {
  /** Connection URL of a fresh, empty database. */
  url: string;
  /** Another fresh database on the same server. */
  newDatabase(): Promise<string>;
  /** The server's process id (a private cluster only), for CPU accounting in the benchmarks. */
  serverPid?: number;
  stop(): Promise<void>;
}

function binDir(): string | undefined {
  try {
    const d = execFileSync("pg_config", ["--bindir"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    if (fs.existsSync(path.join(d, "initdb"))) return d;
  } catch {
    /* no pg_config: look where Debian puts the binaries */
  }
  const base = "/usr/lib/postgresql";
  if (!fs.existsSync(base)) return undefined;
  const versions = fs
    .readdirSync(base)
    .filter((v) => fs.existsSync(path.join(base, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0], "bin") : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function createDatabase(adminUrl: string): Promise<string> {
  const name = `trainscope_test_${crypto.randomBytes(6).toString("hex")}`;
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE ${name}`);
  } finally {
    await c.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Starts a private cluster (or uses TRAINSCOPE_TEST_PG_URL); `{ skip }` says why when it cannot. */
export async function startTestPostgres(): Promise<TestPostgres | { skip: string }> {
  const given = process.env.TRAINSCOPE_TEST_PG_URL;
  if (given) {
    const url = await createDatabase(given);
    return { url, newDatabase: () => createDatabase(given), stop: async () => {} };
  }
  const bin = binDir();
  if (!bin) return { skip: "no PostgreSQL binaries (initdb) installed: apt-get install postgresql" };
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-pg-"));
  const data = path.join(dir, "data");
  const run = (cmd: string, args: string[]): void => {
    const full = asRoot ? ["runuser", ["-u", "postgres", "--", path.join(bin, cmd), ...args]] : [path.join(bin, cmd), args];
    const r = spawnSync(full[0] as string, full[1] as string[], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr || r.stdout || r.error?.message}`);
  };
  try {
    if (asRoot) {
      const ids = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
      if (ids.status !== 0) return { skip: "running as root and no `postgres` system user to run the test cluster as" };
      const uid = Number(ids.stdout.trim());
      const gid = Number(spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout.trim());
      fs.chmodSync(dir, 0o755);
      fs.chownSync(dir, uid, gid);
    }
    run("initdb", ["-D", data, "-U", "trainscope", "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C"]);
    const port = await freePort();
    const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 -c shared_buffers=64MB`;
    run("pg_ctl", ["-D", data, "-o", opts, "-l", path.join(dir, "log"), "-w", "-t", "60", "start"]);
    const admin = `postgres://trainscope@127.0.0.1:${port}/postgres`;
    let stopped = false;
    const stop = async (): Promise<void> => {
      if (stopped) return;
      stopped = true;
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    };
    try {
      const url = await createDatabase(admin);
      const serverPid = Number(fs.readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0]);
      return { url, newDatabase: () => createDatabase(admin), stop, serverPid };
    } catch (e) {
      await stop();
      throw e;
    }
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
