import { NotConfluentFrameError } from './codec.errors';

const MAGIC_BYTE = 0;
const HEADER_LENGTH = 5;

/** Confluent wire format: magic byte 0, the schema id as a 4-byte big-endian integer, then the Avro body. */
export function frame(schemaId: number, body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(HEADER_LENGTH + body.length);
  out.writeUInt8(MAGIC_BYTE, 0);
  out.writeUInt32BE(schemaId, 1);
  body.copy(out, HEADER_LENGTH);
  return out;
}

export function unframe(bytes: Buffer | null | undefined): { schemaId: number; body: Buffer } {
  if (!bytes || bytes.length === 0) throw new NotConfluentFrameError('the value is empty (a tombstone?)');
  if (bytes.length < HEADER_LENGTH)
    throw new NotConfluentFrameError(`${bytes.length} byte(s), shorter than the 5-byte header`);
  if (bytes[0] !== MAGIC_BYTE) throw new NotConfluentFrameError(`magic byte is ${bytes[0]}, expected 0`);
  return { schemaId: bytes.readUInt32BE(1), body: bytes.subarray(HEADER_LENGTH) };
}
