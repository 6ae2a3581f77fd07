/** An amount in the currency's minor units (cents), never a float. */
export interface Money {
  readonly amountMinor: number;
  readonly currency: string;
}

/** PostgreSQL bigint arrives as text; amounts stay far below 2^53 minor units. */
export const toMoney = (amountMinor: string | number | null, currency: string | null): Money | null =>
  amountMinor === null || currency === null ? null : { amountMinor: Number(amountMinor), currency };

export const iso = (time: Date | null): string | null => time?.toISOString() ?? null;
