/** An SPL token as the engine knows it; SOL stands for native SOL, which pools hold as wSOL (same mint). */
export interface Token {
  symbol: string;
  mint: string;
  decimals: number;
}

/** Real mainnet mints and decimals. */
export const TOKENS: readonly Token[] = Object.freeze(
  [
    { symbol: 'SOL', mint: 'So11111111111111111111111111111111111111112', decimals: 9 },
    { symbol: 'USDC', mint: 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v', decimals: 6 },
    { symbol: 'USDT', mint: 'Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB', decimals: 6 },
    { symbol: 'JUP', mint: 'JUPyiwrYJFskUPiHa7hkeR8VUtAeFoSYbKedZNsDvCN', decimals: 6 },
    { symbol: 'RAY', mint: '4k3Dyjzvzp8eMZWUXbBCjEvwSkkk59S5iCNLY3QrkX6R', decimals: 6 },
    { symbol: 'BONK', mint: 'DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263', decimals: 5 },
  ].map((token) => Object.freeze(token)),
);

const BY_SYMBOL = new Map(TOKENS.map((t) => [t.symbol, t]));

/** Lookup without DI, for the market definitions that are plain data (on every quote: a map, not a scan). */
export function tokenBySymbol(symbol: string): Token {
  const token = BY_SYMBOL.get(symbol);
  if (!token) throw new Error(`unknown token symbol ${symbol}`);
  return token;
}
