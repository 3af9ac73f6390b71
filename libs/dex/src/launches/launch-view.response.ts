import { ApiProperty } from '@nestjs/swagger';
import { LaunchSource } from './launch-identity';
import { CurveReservesView, LaunchState, LaunchView } from './launch.types';

/* A launch as the OpenAPI document describes it; metadata only (see quote-view.response.ts). */

export class LaunchCurveResponse {
  @ApiProperty({ example: '1000000000' }) totalSupply: string;
  @ApiProperty({ example: '30' }) initialVirtualSolReserves: string;
  @ApiProperty({ example: '1073000000' }) initialVirtualTokenReserves: string;
  @ApiProperty({ example: '793100000' }) initialRealTokenReserves: string;
  @ApiProperty({
    description: 'Kept back from the curve and deposited in the AMM pool at graduation.',
    example: '206900000',
  })
  reservedTokens: string;
  @ApiProperty({ example: 100 }) feeBps: number;
}

export class CurveReservesResponse implements CurveReservesView {
  @ApiProperty({ example: '68.093984482' }) virtualSolReserves: string;
  @ApiProperty({ example: '472728982.521351' }) virtualTokenReserves: string;
  @ApiProperty({ example: '38.093984482' }) realSolReserves: string;
  @ApiProperty({ example: '192828982.521351' }) realTokenReserves: string;
}

export class LaunchResponse implements LaunchView {
  @ApiProperty({ example: 'BZjF67tXeXw7WCMmi67S1h1fADh2rJhbRHQ6HjiqkCy' })
  mint: string;

  @ApiProperty({ example: 'MAFASENA' })
  symbol: string;

  @ApiProperty({ example: 6 })
  decimals: number;

  @ApiProperty({ enum: ['scheduled', 'adhoc'] })
  source: LaunchSource;

  @ApiProperty({ format: 'date-time' })
  announcedAt: string;

  @ApiProperty({ format: 'date-time', description: 'The start of the launch slot.' })
  launchAt: string;

  @ApiProperty({ example: 414078150 })
  launchSlot: number;

  @ApiProperty({ enum: ['announced', 'trading', 'graduated'], description: '`announced`: not tradable yet.' })
  state: LaunchState;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the curve filled; null before.',
  })
  graduatedAt: string | null;

  @ApiProperty({ type: LaunchCurveResponse, description: 'The launchpad\'s constants.' })
  curve: LaunchCurveResponse;

  @ApiProperty({ type: CurveReservesResponse, description: 'The curve at the moment of the answer.' })
  reserves: CurveReservesResponse;

  @ApiProperty({
    type: String,
    enum: ['launchpad', 'raydium'],
    nullable: true,
    description: 'Where it trades now; null before the launch.',
  })
  venue: 'launchpad' | 'raydium' | null;

  @ApiProperty({ type: String, nullable: true, example: 'launchpad-BZjF67tXeXw7WCMmi67S1h1fADh2rJhbRHQ6HjiqkCy' })
  poolId: string | null;
}

export class LaunchListResponse {
  @ApiProperty({ type: [LaunchResponse], description: 'Newest launchAt first, at most 50.' })
  items: LaunchResponse[];
}
