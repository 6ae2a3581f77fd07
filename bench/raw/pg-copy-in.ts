import { Client, Submittable } from 'pg';

/** The parts of pg's connection a COPY FROM STDIN needs; pg does not export its type. */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/**
 * `COPY ... FROM STDIN` over the pg client without pg-copy-streams: pg hands a submittable query the protocol
 * events, so this sends the rows as CopyData chunks once the server answers CopyInResponse. Resolves with the row
 * count from the server's CommandComplete.
 */
class CopyIn implements Submittable {
  private rows = 0;
  private failure: Error | null = null;

  constructor(
    private readonly sql: string,
    private readonly chunks: readonly Buffer[],
    private readonly done: (error: Error | null, rows: number) => void,
  ) {}

  submit(connection: unknown): void {
    (connection as CopyConnection).query(this.sql);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    for (const chunk of this.chunks) connection.sendCopyFromChunk(chunk);
    connection.endCopyFrom();
  }

  handleCommandComplete(message: { text?: string }): void {
    this.rows = Number(/(\d+)$/.exec(message.text ?? '')?.[1] ?? 0);
  }

  handleError(error: Error): void {
    this.failure = error;
  }

  handleReadyForQuery(): void {
    this.done(this.failure, this.rows);
  }
}

export function copyIn(client: Client, sql: string, chunks: readonly Buffer[]): Promise<number> {
  return new Promise((resolve, reject) => {
    client.query(new CopyIn(sql, chunks, (error, rows) => (error ? reject(error) : resolve(rows))));
  });
}
