// `trainscope token create --db URL --project P --role read|ingest`: makes a token and prints it once
// (only its hash is stored). `trainscope token revoke TOKEN --db URL`: revokes it (exit 2 when
// unknown). `read` tokens open `serve --db` dashboards of their project; `ingest` tokens let
// `trainscope ingest` write to it. Exit 2 for bad input or an unreachable database.
import type { Command } from "commander";
import { runCommand, UsageError } from "../common.ts";
import { dbUrl, openDb, projectName } from "./db_options.ts";

export function registerToken(program: Command): void {
  const token = program.command("token").description("Access tokens of a team database (per project: read or ingest)");
  token
    .command("create")
    .description("Make a token and print it (shown once; stored hashed)")
    .option("--db <url>", "postgres://USER:PASSWORD@HOST:PORT/DB (default: TRAINSCOPE_DB_URL)")
    .option("--project <name>", "the project", "default")
    .requiredOption("--role <role>", "read (dashboards) or ingest (workers)")
    .action(async (opts: { db?: string; project?: string; role: string }) => {
      await runCommand("token", async () => {
        if (opts.role !== "read" && opts.role !== "ingest") throw new UsageError(`--role ${opts.role}: expected read or ingest`);
        const project = projectName(opts.project);
        const { store, pool } = await openDb(dbUrl(opts.db), 1);
        try {
          const c = await pool.connect();
          try {
            process.stdout.write(`${await store.createToken(c, project, opts.role)}\n`);
          } finally {
            c.release();
          }
        } finally {
          await pool.end();
        }
      });
    });
  token
    .command("revoke")
    .description("Revoke a token")
    .argument("<TOKEN>", "the token to revoke")
    .option("--db <url>", "postgres://USER:PASSWORD@HOST:PORT/DB (default: TRAINSCOPE_DB_URL)")
    .action(async (secret: string, opts: { db?: string }) => {
      await runCommand("token", async () => {
        const { store, pool } = await openDb(dbUrl(opts.db), 1);
        try {
          const c = await pool.connect();
          try {
            if (!(await store.revokeToken(c, secret))) throw new UsageError("no such live token");
          } finally {
            c.release();
          }
          process.stdout.write("revoked\n");
        } finally {
          await pool.end();
        }
      });
    });
}
