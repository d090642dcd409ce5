// Money is carried in US dollars with at most two decimals at the edges (API,
// forms) and added up in integer cents inside, so that sums are exact.

export const toCents = (usd: number): number => Math.round(usd * 100);

export const sumCents = (amountsUsd: readonly number[]): number =>
  amountsUsd.reduce((total, usd) => total + toCents(usd), 0);

export const formatUsd = (usd: number): string =>
  `US$${usd.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 2 })}`;
