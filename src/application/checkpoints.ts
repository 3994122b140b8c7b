import { signCheckpoint, type NoteSigner } from '../audit/checkpoint.js';
import { verifyChain } from '../audit/verify.js';
import { DomainError } from '../domain/errors.js';
import type { CheckpointRecord, Clock, LedgerStore } from './ports.js';

/**
 * The log's operator signing its tree head: verify the whole chain, sign the RFC 9162 root of
 * every event as a checkpoint named by the key (`signer.name` is the origin), and keep it in the
 * store. A broken chain is never signed.
 */
export async function signHead(store: LedgerStore, signer: NoteSigner, clock: Clock, options: { readonly keep?: boolean } = {}): Promise<CheckpointRecord> {
  const report = await verifyChain(store);
  if (!report.ok) {
    throw new DomainError('CHAIN_BROKEN', `event_log seq ${report.firstBreak?.seq}: ${report.firstBreak?.reason}; no checkpoint is signed over a broken chain`);
  }
  const note = signCheckpoint({ origin: signer.name, size: report.events, root: Buffer.from(report.treeRoot, 'base64') }, [signer]);
  const record: CheckpointRecord = { origin: signer.name, size: report.events, rootHash: report.treeRoot, note, createdAt: clock.now() };
  return options.keep === false ? record : store.checkpoints.add(record);
}

export interface ScheduleLog {
  info(message: string): void;
  error(message: string): void;
}

/**
 * Signs a checkpoint when started and then every `intervalSeconds` when the chain's head has
 * moved since the last one. The timer does not keep the process alive; `stop` ends it and waits
 * for a signing under way.
 */
export class CheckpointSchedule {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private signedHead: string | undefined;
  private stopped = false;

  constructor(
    private readonly store: LedgerStore,
    private readonly signer: NoteSigner,
    private readonly clock: Clock,
    private readonly intervalSeconds: number,
    private readonly log: ScheduleLog,
  ) {}

  /** Signs now (a failure is logged, not thrown), then on the interval. */
  async start(): Promise<void> {
    await this.tick();
    if (this.stopped) return;
    this.timer = setInterval(() => void this.tick(), this.intervalSeconds * 1000);
    this.timer.unref();
  }

  /** One turn: signs when the head moved; returns the checkpoint kept, if one was. Never throws. */
  tick(): Promise<CheckpointRecord | undefined> {
    const turn = this.running.then(() => this.signIfMoved());
    this.running = turn;
    return turn;
  }

  private async signIfMoved(): Promise<CheckpointRecord | undefined> {
    if (this.stopped) return undefined;
    try {
      const head = await this.store.head();
      if (head.seq === 0 || head.hash === this.signedHead) return undefined;
      const record = await signHead(this.store, this.signer, this.clock);
      this.signedHead = head.hash;
      this.log.info(`checkpoint signed: ${record.origin}, ${record.size} events, root ${record.rootHash}`);
      return record;
    } catch (error) {
      const code = error instanceof DomainError ? `${error.code}: ` : '';
      this.log.error(`CHECKPOINT NOT SIGNED — ${code}${(error as Error).message}`);
      return undefined;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.running;
  }
}
