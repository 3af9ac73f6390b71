import { AmountError, parseAmount, Token, TokenRegistry } from '@app/dex';
import { ExecuteOrderDto } from '../dto/execute-order.dto';
import { FieldViolation, OrderValidationError } from './order-errors';
import { LaunchLookup, OrderTerms, parseOrderTerms } from './order-terms';

export const DEFAULT_SLIPPAGE_BPS = 50;

/** A validated order request, with exact amounts. */
export interface OrderRequest {
  tokenIn: Token;
  tokenOut: Token;
  amountIn: bigint;
  slippageBps: number;
  terms: OrderTerms;
}

/** What parsing needs beside the body: the time (for expiresIn) and the launches (for snipers). */
export interface ParseContext {
  now?: Date;
  launchOf?: LaunchLookup;
}

/**
 * Checks the rules that need the token list and turns the request into exact values. A number
 * amount is read through its shortest decimal form (0.1 → "0.1"), never through float arithmetic.
 */
export function parseOrderRequest(
  dto: Pick<ExecuteOrderDto, 'tokenIn' | 'tokenOut' | 'amountIn' | 'slippage'> & Partial<ExecuteOrderDto>,
  tokens: TokenRegistry,
  context: ParseContext = {},
): OrderRequest {
  const violations: FieldViolation[] = [];
  const tokenIn = tokens.resolve(dto.tokenIn);
  const tokenOut = tokens.resolve(dto.tokenOut);
  if (!tokenIn) violations.push(unknownToken('tokenIn', dto.tokenIn, tokens));
  if (!tokenOut) violations.push(unknownToken('tokenOut', dto.tokenOut, tokens));
  if (tokenIn && tokenOut && tokenIn.mint === tokenOut.mint) {
    violations.push({ field: 'tokenOut', rule: 'differentTokens', message: 'tokenOut must differ from tokenIn' });
  }
  let amountIn = 0n;
  if (tokenIn) {
    try {
      amountIn = parseAmount(decimalText(dto.amountIn), tokenIn.decimals);
    } catch (err) {
      if (!(err instanceof AmountError)) throw err;
      violations.push({ field: 'amountIn', rule: 'amount', message: amountMessage(err.message) });
    }
  }
  const slippageBps = dto.slippage === undefined ? DEFAULT_SLIPPAGE_BPS : toBps(dto.slippage);
  if (slippageBps === undefined) {
    violations.push({
      field: 'slippage',
      rule: 'precision',
      message: 'slippage must have at most 4 decimal places (1 basis point)',
    });
  }
  const { terms, violations: termViolations } = parseOrderTerms(
    dto,
    { tokenIn, tokenOut, amountIn },
    context.now ?? new Date(),
    context.launchOf ?? (() => undefined),
  );
  violations.push(...termViolations);
  if (violations.length > 0) throw new OrderValidationError(violations);
  return { tokenIn: tokenIn!, tokenOut: tokenOut!, amountIn, slippageBps: slippageBps!, terms };
}

function unknownToken(field: string, value: string, tokens: TokenRegistry): FieldViolation {
  const known = tokens.list().map((t) => t.symbol).join(', ');
  return { field, rule: 'knownToken', message: `${field} "${value}" is not a known token symbol or mint (known: ${known})` };
}

/** "amount has 7 decimal places…" → "amountIn has 7 decimal places…"; other reasons get a prefix. */
function amountMessage(reason: string): string {
  return reason.startsWith('amount ') ? `amountIn${reason.slice('amount'.length)}` : `amountIn: ${reason}`;
}

function decimalText(value: number | string): string {
  return typeof value === 'number' ? String(value) : value.trim();
}

/** 0.005 → 50. Undefined when the fraction is finer than one basis point. */
function toBps(fraction: number): number | undefined {
  const match = /^(\d+)(?:\.(\d{1,4}))?$/.exec(String(fraction));
  if (!match) return undefined;
  return Number(match[1]) * 10_000 + Number((match[2] ?? '').padEnd(4, '0'));
}
