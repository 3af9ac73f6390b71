import { Injectable } from '@nestjs/common';
import { Token, TOKENS } from './token.constants';

/** The tokens the engine can trade, looked up by symbol (any case) or by exact mint address. */
@Injectable()
export class TokenRegistry {
  resolve(symbolOrMint: string): Token | undefined {
    const wanted = symbolOrMint.trim();
    // Mints are base58 and therefore case-sensitive; symbols are not.
    return (
      TOKENS.find((token) => token.mint === wanted) ??
      TOKENS.find((token) => token.symbol === wanted.toUpperCase())
    );
  }

  list(): Token[] {
    return [...TOKENS];
  }
}
