export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export const hourFloor = (at: number): number => Math.floor(at / HOUR_MS) * HOUR_MS;
export const hourCeil = (at: number): number => Math.ceil(at / HOUR_MS) * HOUR_MS;
