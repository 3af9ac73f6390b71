export type { Token } from './tokens/token.constants';
export { TOKENS } from './tokens/token.constants';
export { TokenRegistry } from './tokens/token-registry.service';
export { AmountError, formatAmount, parseAmount } from './amounts/amount.codec';
export type { Clock } from './clock/clock.interface';
export { CLOCK } from './clock/clock.interface';
export { SystemClock } from './clock/system-clock';
export type { DexOptions, DexOptionsInput, ForcedFailure } from './dex.options';
export { DEX_OPTIONS } from './dex.options';
export { DexModule } from './dex.module';
export { DexErrorCode } from './errors/dex.error';
export { DexError } from './errors/dex.error';
export type { ExecutionContext, LaunchQueue } from './execution-context.interface';
// Token launches (the launchpad): the catalog, its views, the store port libs/launches implements.
export { LaunchCatalog, DEFAULT_AD_HOC_DELAY_MS, MAX_LISTED_LAUNCHES } from './launches/launch-catalog.service';
export type { AdHocLaunchRecord, Launch, LaunchState, LaunchStore, LaunchView } from './launches/launch.types';
export { LAUNCH_STORE } from './launches/launch.types';
export type { LaunchSource } from './launches/launch-identity';
export type { BondingCurveState, CurveTrade } from './launches/bonding-curve.math';
export { buyOnCurve, buyOnCurveUpTo, initialCurve, PUMP_CURVE, sellOnCurve } from './launches/bonding-curve.math';
export type { VenueQuote } from './venues/venue.interface';
export type { Route, RouteCandidate, RouteKind, RouteLeg, RouteOption } from './router/route.types';
export { MAX_HOPS } from './router/route.types';
export { DexRouter } from './router/dex-router.service';
export type { BuiltLeg, BuiltSwap, Confirmation, SubmittedSwap } from './chain/chain.types';
export { SimulatedChain } from './chain/simulated-chain.service';
export type { BuildOptions } from './chain/simulated-chain.service';
export { builtSwapFromJson, builtSwapToJson } from './chain/built-swap.json';
// The trader's fee choice (priority fee, Jito tip): parse and check it at the edge, pass it to quote and build.
export type { FeeChoice, FeeChoiceInput, FeeChoiceViolation, PriorityFee } from './fees/fee-choice';
export {
  assertFeeChoice,
  FeeChoiceError,
  feeChoiceToJson,
  feeChoiceViolations,
  MAX_COMPUTE_UNIT_PRICE_MICRO_LAMPORTS,
  MAX_JITO_TIP_LAMPORTS,
  MAX_PRIORITY_FEE_CAP_LAMPORTS,
  parseFeeChoice,
} from './fees/fee-choice';
export type { NetworkFees } from './fees/network-fees';
export { builtFees } from './fees/network-fees';
export { JITO_TIP_ACCOUNTS } from './fees/jito';
export { minAmountOutFor } from './market/constant-product.math';
export { toQuoteView } from './router/quote-view';
export type { NetworkFeeView, QuoteView } from './router/quote-view';
// Testing helpers: the library wired by hand around a virtual clock, for specs of the libraries that use it.
export { createTestDex, executeAttempt, TEST_START_MS } from './testing/dex-test.factory';
export type { TestDex } from './testing/dex-test.factory';
export { FakeClock } from './testing/fake-clock';
export { LAUNCH_TOKEN_DECIMALS } from './launches/bonding-curve.math';
export { markQuote } from './router/mark-price';
export * from './router/quote-view.response';
export * from './launches/launch-view.response';
