import { Injectable, Optional } from '@nestjs/common';
import { LaunchCatalog } from '../launches/launch-catalog.service';
import { Token, TOKENS } from './token.constants';

/**
 * The tokens the engine can trade, looked up by symbol (any case) or by exact mint address: the
 * static tokens, then the launched tokens the LaunchCatalog knows (announced or trading).
 */
@Injectable()
export class TokenRegistry {
  constructor(@Optional() private readonly launches?: LaunchCatalog) {}

  resolve(symbolOrMint: string): Token | undefined {
    const wanted = symbolOrMint.trim();
    // Mints are base58 and therefore case-sensitive; symbols are not.
    return (
      TOKENS.find((token) => token.mint === wanted) ??
      TOKENS.find((token) => token.symbol === wanted.toUpperCase()) ??
      this.launches?.get(wanted)?.token
    );
  }

  /** The static tokens (launched ones come and go: GET /api/launches lists them). */
  list(): Token[] {
    return [...TOKENS];
  }
}
