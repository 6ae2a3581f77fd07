import { z } from 'zod';

const channel = z.string().min(1).max(200);

const clientFrameSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('subscribe'), channel, since: z.string().min(1).max(30_000).optional() }),
  z.object({ op: z.literal('unsubscribe'), channel }),
  z.object({ op: z.literal('ping') }),
]);

export type ClientFrame = z.infer<typeof clientFrameSchema>;

export type ParsedFrame =
  { readonly ok: true; readonly frame: ClientFrame } | { readonly ok: false; readonly message: string };

/** A client's text frame as a typed request, or what is wrong with it in words a client developer can act on. */
export function parseClientFrame(text: string): ParsedFrame {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      message: `not JSON (${(error as Error).message}); send one JSON object per text frame`,
    };
  }
  const parsed = clientFrameSchema.safeParse(json);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(frame)'}: ${i.message}`).join('; ');
  return {
    ok: false,
    message: `${issues}; expected {"op":"subscribe","channel":...,"since"?:...}, {"op":"unsubscribe","channel":...} or {"op":"ping"}`,
  };
}
