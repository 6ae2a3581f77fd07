import { AvroSchema } from '../schemas/avro-schema';

/** Where an earlier schema of a subject was found. */
export type SchemaSource =
  | { readonly kind: 'git'; readonly commit: string; readonly file: string }
  | { readonly kind: 'local'; readonly file: string }
  | { readonly kind: 'registry'; readonly version: number };

/** A schema the working tree's latest version of `subject` must stay compatible with. */
export interface EarlierSchema {
  readonly subject: string;
  readonly schema: AvroSchema;
  readonly source: SchemaSource;
}

/** `git 1a2b3c4 schemas/orders/order-placed.v1.avsc`, `local schemas/...`, `registry version 3`. */
export function describeSource(source: SchemaSource): string {
  switch (source.kind) {
    case 'git':
      return `git ${source.commit.slice(0, 7)} ${source.file}`;
    case 'local':
      return `local ${source.file}`;
    case 'registry':
      return `registry version ${source.version}`;
  }
}
