/**
 * How far the build's tune goes, in one leaf module both the tuners and the choice of snapshot mode read (a dataset past
 * these in ratings mode would cost the device the same refits the tuner avoids).
 */

/** Bump when a change to the search could choose differently: the build's cache of tuning results is keyed by it. */
export const TUNER_VERSION = 4;

/** Past these the refits cost minutes (EASE inverts a side×side matrix per fit): ship the defaults. */
export const TUNING_LIMITS = { ratings: 500_000, easeSide: 2000 };
/**
 * Model mode refits on at most this many ratings for its tune: its tune refits iALS without the holdout (most of the
 * cost of the build's own fit) and scores the evaluated users with it. A larger dataset is tuned on a seeded sample of
 * users whose ratings fit under it (model-mode/tune.ts), so the tune costs what a dataset of this size costs.
 */
export const MODEL_TUNING_LIMIT = 5_000_000;
