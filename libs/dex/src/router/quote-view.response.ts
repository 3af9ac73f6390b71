import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NetworkFeeView, QuoteView } from './quote-view';

const ROUTE_KINDS = ['single', 'split', 'two-hop', 'multi-hop'];

/*
 * The routing decision as the OpenAPI document describes it (GET /api/quotes, an order's `route`,
 * the `routing` event). Metadata only: each class implements the view it documents, so a field
 * added to the view and not here fails the type check; the contract test checks real answers.
 */

export class AutoFeeResponse {
  @ApiProperty({ description: 'The congestion the price was chosen for.', example: 'normal' })
  congestion: string;

  @ApiProperty({ description: 'Whether maxPriorityFeeLamports held the price lower.' })
  capped: boolean;
}

export class NetworkFeeResponse implements NetworkFeeView {
  @ApiProperty({ description: 'Lamports to land the transaction: signature + priority fee + tip.', example: '5000' })
  lamports: string;

  @ApiProperty({ description: 'The same in tokenOut units ("0" when no pool prices SOL in it).', example: '0.000748' })
  inTokenOut: string;

  @ApiProperty({ example: '5000' })
  signatureLamports: string;

  @ApiProperty({ example: '0' })
  priorityFeeLamports: string;

  @ApiProperty({ example: '0' })
  computeUnitPriceMicroLamports: string;

  @ApiProperty({ example: '0' })
  jitoTipLamports: string;

  @ApiPropertyOptional({ type: AutoFeeResponse, description: 'With priorityFee=auto.' })
  auto?: AutoFeeResponse;

  @ApiPropertyOptional({ description: 'With a tip: the tip floor of the moment, in lamports.', example: '10000' })
  jitoTipFloorLamports?: string;

  @ApiPropertyOptional({ description: 'With a tip: whether it meets the floor (lands as a bundle in the next slot).' })
  bundle?: boolean;
}

/** One leg of the winning route. */
export class RouteLegResponse {
  @ApiProperty({ example: 'meteora' })
  venue: string;

  @ApiProperty({ example: 'meteora-SOL-USDC' })
  poolId: string;

  @ApiProperty({ example: 'SOL' })
  tokenIn: string;

  @ApiProperty({ example: 'USDC' })
  tokenOut: string;

  @ApiProperty({ example: '1' })
  inAmount: string;

  @ApiProperty({ example: '149.88' })
  outAmount: string;

  @ApiProperty({ description: 'The venue fee, in tokenIn units.', example: '0.0025' })
  fee: string;

  @ApiProperty({ example: 3 })
  priceImpactBps: number;

  @ApiProperty({ description: 'Share of the order\'s input this leg trades, in bps.', example: 10000 })
  shareBps: number;
}

export class CandidateLegResponse {
  @ApiProperty() venue: string;
  @ApiProperty() poolId: string;
  @ApiProperty() shareBps: number;
}

export class CandidateErrorResponse {
  @ApiProperty({ example: 'INSUFFICIENT_LIQUIDITY' }) code: string;
  @ApiProperty() message: string;
}

/** A route the router considered: its numbers, or why it could not be used. */
export class RouteCandidateResponse {
  @ApiProperty({ enum: ROUTE_KINDS })
  kind: string;

  @ApiProperty({ example: 'raydium' })
  route: string;

  @ApiPropertyOptional()
  hops?: number;

  @ApiPropertyOptional({ example: '149.7' })
  outAmount?: string;

  @ApiPropertyOptional({ description: 'The network fee in tokenOut units.' })
  networkFee?: string;

  @ApiPropertyOptional()
  priceImpactBps?: number;

  @ApiPropertyOptional({ type: [CandidateLegResponse] })
  legs?: CandidateLegResponse[];

  @ApiPropertyOptional({ type: CandidateErrorResponse })
  error?: CandidateErrorResponse;
}

export class QuoteResponse implements QuoteView {
  @ApiProperty({ example: 'SOL' })
  tokenIn: string;

  @ApiProperty({ example: 'USDC' })
  tokenOut: string;

  @ApiProperty({ description: 'The amount in, in tokenIn units.', example: '1' })
  inAmount: string;

  @ApiProperty({ description: 'After venue fees, before slippage.', example: '149.88' })
  outAmount: string;

  @ApiPropertyOptional({ description: 'With a slippage: the least the swap may pay out.', example: '149.130' })
  minAmountOut?: string;

  @ApiPropertyOptional({ example: 50 })
  slippageBps?: number;

  @ApiProperty({ example: 3 })
  priceImpactBps: number;

  @ApiProperty({ description: 'The winning route\'s label.', example: 'meteora' })
  route: string;

  @ApiProperty({ enum: ROUTE_KINDS })
  kind: string;

  @ApiProperty({ description: 'Swaps in sequence: 1 (single, split), 2 (two-hop), 3 (multi-hop).', example: 1 })
  hops: number;

  // Typed as the view types them; documented as the legs they are.
  @ApiProperty({ type: [RouteLegResponse] })
  routePlan: Array<Record<string, unknown>>;

  @ApiProperty({ type: NetworkFeeResponse })
  networkFee: NetworkFeeResponse;

  @ApiProperty({
    description: 'Why the winner won, for people.',
    example: 'meteora gives 149.88 USDC, 12 bps more than raydium',
  })
  reason: string;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The winner\'s lead over the next best, in bps; null when nothing else quoted.',
  })
  gainBps: number | null;

  @ApiProperty({ type: [RouteCandidateResponse] })
  candidates: Array<Record<string, unknown>>;

  @ApiProperty({ format: 'date-time' })
  quotedAt: string;

  @ApiProperty({ format: 'date-time', description: '10 s after quotedAt.' })
  expiresAt: string;
}
