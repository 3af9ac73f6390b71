import { FeeChoice, FeeChoiceError, parseFeeChoice, Token } from '@app/dex';
import type { ExecuteOrderDto } from '../dto/execute-order.dto';
import { FieldViolation } from './order-errors';
import { OrderType, outputFloor, parsePrice } from './order-type';

/** What a launched token's state is, for sniper orders (from the simulated market's launch catalog). */
export type LaunchLookup = (token: Token) => { launchAt: number; tradable: boolean } | undefined;

/** An order's type and what it waits for, validated: the parts of a request beyond the swap itself. */
export interface OrderTerms {
  type: OrderType;
  /** Limit and stop: tokenOut per tokenIn (× 10^18 and as its decimal text). */
  trigger?: { scaled: bigint; text: string };
  /** Sniper: the most SOL per token it pays. */
  maxPrice?: { scaled: bigint; text: string };
  /** The least output the swap may give: a limit's trigger, a sniper's max price (tokenOut base units). */
  floorOut?: bigint;
  expiresAt?: Date;
  /** The expiry as the client gave it ("in:60", or the time), so that a retry matches the request. */
  expiryAsGiven?: string;
  /** The priority fee and tip the order pays to land (none given: the default price, no tip). */
  fees?: FeeChoice;
}

type TermsInput = Pick<
  ExecuteOrderDto,
  'type' | 'triggerPrice' | 'maxPrice' | 'expiresAt' | 'expiresIn' | 'priorityFee' | 'maxPriorityFeeLamports' | 'jitoTipLamports'
>;

const YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * Checks the rules between an order's fields (which type needs or forbids which field, the
 * expiry's range, a sniper's launch) and returns the terms, or the violations.
 */
export function parseOrderTerms(
  dto: TermsInput,
  swap: { tokenIn?: Token; tokenOut?: Token; amountIn: bigint },
  now: Date,
  launchOf: LaunchLookup,
): { terms: OrderTerms; violations: FieldViolation[] } {
  const violations: FieldViolation[] = [];
  const type = dto.type ?? 'market';
  const terms: OrderTerms = { type };
  const refuse = (field: string, rule: string, message: string) => violations.push({ field, rule, message });
  const needs = type === 'limit' || type === 'stop';
  if (needs && dto.triggerPrice === undefined) refuse('triggerPrice', 'requiredForType', `a ${type} order needs triggerPrice`);
  if (!needs && dto.triggerPrice !== undefined) refuse('triggerPrice', 'notForType', `a ${type} order takes no triggerPrice`);
  if (type !== 'sniper' && dto.maxPrice !== undefined) refuse('maxPrice', 'notForType', `a ${type} order takes no maxPrice (snipers only)`);
  if (type === 'market' && (dto.expiresAt !== undefined || dto.expiresIn !== undefined)) {
    refuse(dto.expiresAt !== undefined ? 'expiresAt' : 'expiresIn', 'notForType', 'a market order executes at once and does not expire');
  }
  if (dto.triggerPrice !== undefined) {
    terms.trigger = parsePrice(String(dto.triggerPrice));
    if (!terms.trigger) refuse('triggerPrice', 'price', 'triggerPrice must be a positive decimal string with at most 18 decimal places');
  }
  if (dto.maxPrice !== undefined) {
    terms.maxPrice = parsePrice(String(dto.maxPrice));
    if (!terms.maxPrice) refuse('maxPrice', 'price', 'maxPrice must be a positive decimal string with at most 18 decimal places');
  }
  parseExpiry(dto, now, terms, refuse);
  if (type === 'sniper') checkSniper(swap, launchOf, refuse);
  parseFees(dto, terms, refuse);
  const { tokenIn, tokenOut, amountIn } = swap;
  if (violations.length === 0 && tokenIn && tokenOut && amountIn > 0n) {
    if (type === 'limit' && terms.trigger) terms.floorOut = outputFloor(amountIn, terms.trigger.scaled, tokenIn.decimals, tokenOut.decimals);
    // At most maxPrice SOL per token: at least amountIn / maxPrice tokens.
    if (type === 'sniper' && terms.maxPrice) {
      terms.floorOut = outputFloor(amountIn, 10n ** 36n / terms.maxPrice.scaled, tokenIn.decimals, tokenOut.decimals);
    }
  }
  return { terms, violations };
}

/** The fee choice, by the market's own rules (bounds; a cap only with "auto"). */
function parseFees(dto: TermsInput, terms: OrderTerms, refuse: (f: string, r: string, m: string) => void): void {
  const { priorityFee, maxPriorityFeeLamports, jitoTipLamports } = dto;
  if (priorityFee === undefined && maxPriorityFeeLamports === undefined && jitoTipLamports === undefined) return;
  try {
    terms.fees = parseFeeChoice({ priorityFee, maxPriorityFeeLamports, jitoTipLamports });
  } catch (err) {
    if (!(err instanceof FeeChoiceError)) throw err;
    for (const v of err.violations) refuse(v.field, v.rule, v.message);
  }
}

function parseExpiry(dto: TermsInput, now: Date, terms: OrderTerms, refuse: (f: string, r: string, m: string) => void): void {
  if (dto.expiresAt !== undefined && dto.expiresIn !== undefined) {
    refuse('expiresIn', 'oneOf', 'give expiresAt or expiresIn, not both');
    return;
  }
  if (dto.expiresIn !== undefined) {
    terms.expiresAt = new Date(now.getTime() + dto.expiresIn * 1000);
    terms.expiryAsGiven = `in:${dto.expiresIn}`;
  }
  if (dto.expiresAt === undefined) return;
  const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.test(dto.expiresAt) ? new Date(dto.expiresAt) : undefined;
  if (!at || Number.isNaN(at.getTime())) {
    refuse('expiresAt', 'isISO8601', 'expiresAt must be an ISO 8601 time with a time zone, e.g. 2026-12-01T12:00:00Z');
  } else if (at.getTime() <= now.getTime() || at.getTime() > now.getTime() + YEAR_MS) {
    refuse('expiresAt', 'range', 'expiresAt must be in the future and at most a year away');
  } else {
    terms.expiresAt = at;
    terms.expiryAsGiven = at.toISOString();
  }
}

function checkSniper(
  swap: { tokenIn?: Token; tokenOut?: Token },
  launchOf: LaunchLookup,
  refuse: (f: string, r: string, m: string) => void,
): void {
  if (swap.tokenIn && swap.tokenIn.symbol !== 'SOL') refuse('tokenIn', 'sniperPaysSol', 'a sniper order pays with SOL');
  if (!swap.tokenOut) return;
  const launch = launchOf(swap.tokenOut);
  if (!launch) refuse('tokenOut', 'announcedLaunch', 'a sniper order buys a token announced for launch (GET /api/launches)');
  else if (launch.tradable) refuse('tokenOut', 'announcedLaunch', 'this token trades already: place a market or limit order');
}
