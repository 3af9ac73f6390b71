import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Body of POST /api/sim/launches; optional as a whole. */
export class ScheduleLaunchDto {
  /** Seconds until the launch opens (a whole number, up to a day); default: a few slots from now. */
  @IsOptional() @IsInt() @Min(1) @Max(86_400)
  inSeconds?: number;
}
