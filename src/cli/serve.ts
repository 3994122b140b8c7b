import type { Command } from 'commander';
import { Option } from 'commander';
import { fileURLToPath } from 'node:url';
import { AccessService } from '../application/access.js';
import { Ledger, systemClock } from '../application/ledger.js';
import type { LedgerStore } from '../application/ports.js';
import { accessRoles } from '../application/ports.js';
import { redact } from '../config.js';
import { demoAccounts } from '../demo/accounts.js';
import { DomainError } from '../domain/errors.js';
import { buildServer } from '../server/app.js';
import { readSignerKey } from './audit.js';
import type { CliContext } from './program.js';

/** `serve`, `user …` and `token …`: the HTTP API and the accounts that use it. */
export function addServerCommands(program: Command, context: CliContext, dbOption: () => Option, withStore: <T>(db: string, work: (store: LedgerStore) => Promise<T>) => Promise<T>): void {
  const { config, out } = context;
  const portOption = () => new Option('--port <n>', 'port to listen on (PORT)').default(String(config.server.port));

  program
    .command('serve')
    .description('serve the HTTP API and its docs (/docs, /openapi.json) over a ledger')
    .addOption(dbOption())
    .addOption(portOption())
    .option('--checkpoint-key <file>', 'sign a checkpoint at start and every AIDTRACE_CHECKPOINT_INTERVAL seconds with this key (AIDTRACE_CHECKPOINT_KEY)')
    .action(async (options: { db: string; port: string; checkpointKey?: string }) => {
      await withStore(options.db, (store) => serve(context, store, options.db, portNumber(options.port), undefined, options.checkpointKey));
    });

  const user = program.command('user').description('accounts that sign in to the API');
  user
    .command('add')
    .description('add an account; the password is read from AIDTRACE_PASSWORD or standard input')
    .requiredOption('--id <userId>', 'sign-in name')
    .requiredOption('--role <role>', accessRoles.join(' | '))
    .option('--party <partyId>', 'the party a donor, recipient or producer account acts for')
    .addOption(dbOption())
    .action(async (options: { id: string; role: string; party?: string; db: string }) => {
      const password = process.env.AIDTRACE_PASSWORD ?? (await readStdin());
      await withStore(options.db, async (store) => {
        const added = await new AccessService(store.access, systemClock).addUser({ userId: options.id, password, role: options.role, partyId: options.party });
        out(`added ${added.userId} (${added.role}${added.partyId ? ` for ${added.partyId}` : ''})`);
      });
    });
  user
    .command('list')
    .description('list accounts')
    .addOption(dbOption())
    .action(async (options: { db: string }) => {
      const users = await withStore(options.db, (store) => store.access.users());
      for (const record of users) out(`${record.userId}\t${record.role}\t${record.partyId ?? ''}\t${record.createdAt}`);
    });

  const token = program.command('token').description('API tokens for machines');
  token
    .command('create')
    .description('create a token for an account; it is printed once and only its hash is kept')
    .requiredOption('--user <userId>', 'the account the token acts as')
    .option('--name <text>', 'what the token is for', 'api token')
    .option('--days <n>', 'days until it expires', '90')
    .addOption(dbOption())
    .action(async (options: { user: string; name: string; days: string; db: string }) => {
      const issued = await withStore(options.db, (store) => new AccessService(store.access, systemClock).createToken(options.user, options.name, Number(options.days)));
      out(issued.token);
      context.err(`token ${issued.record.tokenId} for ${issued.record.userId}, expires ${issued.record.expiresAt}; shown once — store it now`);
    });
  token
    .command('revoke')
    .description('revoke a token by its id (the part after "at_")')
    .argument('<tokenId>')
    .addOption(dbOption())
    .action(async (tokenId: string, options: { db: string }) => {
      await withStore(options.db, (store) => new AccessService(store.access, systemClock).revokeToken(tokenId));
      out(`revoked ${tokenId}`);
    });
  token
    .command('list')
    .description("list an account's tokens")
    .requiredOption('--user <userId>')
    .addOption(dbOption())
    .action(async (options: { user: string; db: string }) => {
      const tokens = await withStore(options.db, (store) => store.access.tokensOf(options.user));
      for (const record of tokens) out(`${record.tokenId}\t${record.name}\texpires ${record.expiresAt}${record.revokedAt ? `\trevoked ${record.revokedAt}` : ''}`);
    });
}

export function portNumber(raw: string): number {
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new DomainError('VALIDATION_FAILED', `--port: "${raw}" is not a port number`, 'port');
  return port;
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new DomainError('VALIDATION_FAILED', 'password: set AIDTRACE_PASSWORD or pipe the password on standard input', 'password');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Adds the demo's sign-ins that are missing; returns the ones added. */
export async function ensureDemoAccounts(store: LedgerStore): Promise<number> {
  const access = new AccessService(store.access, systemClock);
  let added = 0;
  for (const account of demoAccounts) {
    if (await store.access.user(account.userId)) continue;
    await access.addUser(account);
    added += 1;
  }
  return added;
}

/**
 * Serves until SIGINT or SIGTERM; the store closes after the server has drained. With a
 * checkpoint key (the argument, else AIDTRACE_CHECKPOINT_KEY) the server signs checkpoints.
 */
export async function serve(
  context: CliContext,
  store: LedgerStore,
  db: string,
  port: number,
  onListening?: (address: string) => void,
  checkpointKeyFile = context.config.server.checkpointKeyFile,
): Promise<void> {
  // A key that cannot be read stops the start: a server that should sign and does not is worse than none.
  const checkpointSigner = checkpointKeyFile === undefined ? undefined : await readSignerKey(checkpointKeyFile);
  const ledger = await Ledger.open(store, systemClock);
  // Reads get a connection of their own (or the replica): the writer's connection would show
  // them a batch between its last row and its COMMIT.
  const reads = await context.openStore(context.config.readDatabase ?? db);
  const app = await buildServer({
    ledger,
    reads,
    access: new AccessService(store.access, systemClock, { sessionHoursMax: context.config.server.sessionHoursMax }),
    settings: context.config.server,
    reportCurrency: context.config.reportCurrency,
    today: context.today,
    logLevel: process.env.LOG_LEVEL ?? 'warn',
    webRoot: fileURLToPath(new URL('../../web/dist', import.meta.url)),
    ...(checkpointSigner === undefined ? {} : { checkpointSigner }),
  });
  const address = await app.listen({ port, host: context.config.server.host });
  onListening?.(address);
  context.out(`aidtrace serving ${redact(db)} on ${address} — dashboard ${address}/ · API docs ${address}/docs (Ctrl-C stops)`);
  if (checkpointSigner !== undefined) {
    context.out(`signing checkpoints of ${checkpointSigner.name} every ${context.config.server.checkpointIntervalSeconds} s when the log grows: ${address}/api/checkpoints/latest`);
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await app.close();
  await reads.close();
}
