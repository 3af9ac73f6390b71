import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Body of POST /api/sim/launches; optional as a whole. */
export class ScheduleLaunchDto {
  /** Seconds until the launch opens (a whole number, up to a day); default: a few slots from now. */
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 86_400,
    description: 'Seconds until the launch opens; default 2.',
    example: 60,
  })
  @IsOptional() @IsInt() @Min(1) @Max(86_400)
  inSeconds?: number;
}
