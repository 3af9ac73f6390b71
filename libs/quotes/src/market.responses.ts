import { ApiProperty } from '@nestjs/swagger';

/* The market endpoints' answers as the OpenAPI document describes them; metadata only. */

export class MarketPoolResponse {
  @ApiProperty({ enum: ['raydium', 'meteora', 'launchpad'], example: 'raydium' }) venue: string;
  @ApiProperty({ example: 'raydium-amm-v4-sol-usdc' }) poolId: string;
  @ApiProperty({ enum: ['amm-v4', 'cpmm', 'dlmm', 'bonding-curve'], example: 'amm-v4' }) kind: string;
}

export class MarketPairResponse {
  @ApiProperty({ description: '`BASE-QUOTE`', example: 'SOL-USDC' }) pair: string;
  @ApiProperty({ example: 'SOL' }) base: string;
  @ApiProperty({ example: 'USDC' }) quote: string;
  @ApiProperty({ type: [MarketPoolResponse] }) pools: MarketPoolResponse[];
}

export class MarketPairsResponse {
  @ApiProperty({ type: [MarketPairResponse] }) pairs: MarketPairResponse[];
}

export class PriceSeriesResponse {
  @ApiProperty({ enum: ['raydium', 'meteora', 'launchpad'], example: 'meteora' }) venue: string;
  @ApiProperty({ example: 'meteora-dlmm-sol-usdc' }) poolId: string;
  @ApiProperty({
    type: [String],
    description: "The pool's price (quote per base, token units, 9 significant digits) at each of `times`.",
    example: ['148.546612', '148.601734'],
  })
  prices: string[];
}

export class PriceHistoryResponse {
  @ApiProperty({ example: 'SOL-USDC' }) pair: string;
  @ApiProperty({ example: 'SOL' }) base: string;
  @ApiProperty({ example: 'USDC' }) quote: string;
  @ApiProperty({ description: 'Milliseconds between two points; the last is the latest multiple of it.', example: 30252 })
  stepMs: number;
  @ApiProperty({ type: [String], format: 'date-time', example: ['2026-12-02T02:33:17.000Z', '2026-12-02T02:33:47.252Z'] })
  times: string[];
  @ApiProperty({ type: [PriceSeriesResponse] }) series: PriceSeriesResponse[];
}
