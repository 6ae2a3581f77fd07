/** A plain decoded payload, before the `type` discriminant is attached. */
export type EventPayload = Record<string, unknown>;

/**
 * Turns a payload of `wireName` at `fromVersion` into one of `fromVersion + 1`, for changes Avro schema resolution
 * can't express (a rename, a split field, a derived value). Steps without an upcaster use Avro resolution.
 */
export interface Upcaster {
  readonly wireName: string;
  readonly fromVersion: number;
  upcast(payload: EventPayload): EventPayload;
}

export class UpcasterRegistry {
  private readonly byStep = new Map<string, Upcaster>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const u of upcasters) {
      const key = `${u.wireName}@${u.fromVersion}`;
      if (this.byStep.has(key))
        throw new Error(`Two upcasters for ${u.wireName} v${u.fromVersion} -> v${u.fromVersion + 1}`);
      this.byStep.set(key, u);
    }
  }

  step(wireName: string, fromVersion: number): Upcaster | undefined {
    return this.byStep.get(`${wireName}@${fromVersion}`);
  }

  /** True when some step from `fromVersion` upwards needs code, not just Avro resolution. */
  needsUpcasting(wireName: string, fromVersion: number, latest: number): boolean {
    for (let v = fromVersion; v < latest; v++) if (this.step(wireName, v)) return true;
    return false;
  }
}
