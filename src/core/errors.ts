/**
 * The central registry of error codes. Codes are stable: scripts, the API and tests match on
 * them, so a code is never renamed or reused; new failures get new codes.
 *
 * `exit` is the process exit code the CLI uses: 2 for bad usage (the command line itself is
 * wrong), 1 for everything else that fails.
 */
export const ERROR_CODES = {
  USAGE: { exit: 2, summary: 'The command line is not valid (unknown option, missing argument).' },
  INTERVAL_UNKNOWN: { exit: 2, summary: 'The interval is not one Sextant knows (1m, 5m, 1h, 1d, 1w, 1mo, ...).' },
  ASSET_CLASS_UNKNOWN: { exit: 2, summary: 'The asset class is not equity, crypto, forex or future.' },
  TIMEZONE_UNKNOWN: { exit: 2, summary: 'The time zone is not an IANA name such as UTC or America/New_York.' },
  OPTION_INVALID: { exit: 2, summary: 'An option value is outside what the command accepts.' },

  FILE_NOT_FOUND: { exit: 1, summary: 'The input file does not exist or cannot be read.' },
  FILE_EMPTY: { exit: 1, summary: 'The input file has no content at all.' },
  FILE_NO_ROWS: { exit: 1, summary: 'The input file has a header but no data rows.' },
  FILE_ENCODING: { exit: 1, summary: 'The input file is not UTF-8 text (for example UTF-16 or binary).' },
  FILE_FORMAT_UNKNOWN: { exit: 1, summary: 'The input file is neither CSV nor JSON lines.' },
  CSV_WRONG_DELIMITER: { exit: 1, summary: 'The file is separated by another delimiter than the one expected.' },
  CSV_MISSING_COLUMN: { exit: 1, summary: 'A required column (time, open, high, low, close, volume) is absent.' },
  CSV_AMBIGUOUS_COLUMN: { exit: 1, summary: 'Two columns of the file match the same field.' },
  CSV_MALFORMED: { exit: 1, summary: 'The CSV text cannot be split into fields (for example an unclosed quote).' },
  CSV_FIELD_COUNT: { exit: 1, summary: 'A row has a different number of fields than the header.' },
  JSON_INVALID: { exit: 1, summary: 'A JSON-lines row is not a JSON object.' },

  DATA_EMPTY_VALUE: { exit: 1, summary: 'A required value is empty.' },
  DATA_NOT_NUMERIC: { exit: 1, summary: 'A price or volume is not a number.' },
  DATA_NAN: { exit: 1, summary: 'A price or volume is NaN or infinite.' },
  DATA_BAD_TIMESTAMP: { exit: 1, summary: 'A timestamp is not in a supported format or is not a real date.' },
  DATA_MIXED_TIMESTAMP_FORMATS: { exit: 1, summary: 'Timestamps of one file use more than one format.' },
  DATA_DUPLICATE_TIMESTAMP: { exit: 1, summary: 'Two rows have the same timestamp.' },
  DATA_OUT_OF_ORDER: { exit: 1, summary: 'A timestamp is earlier than the one on the row before it.' },
  DATA_HIGH_BELOW_OPEN_CLOSE: { exit: 1, summary: 'high < max(open, close).' },
  DATA_LOW_ABOVE_OPEN_CLOSE: { exit: 1, summary: 'low > min(open, close).' },
  DATA_HIGH_BELOW_LOW: { exit: 1, summary: 'high < low.' },
  DATA_NON_POSITIVE_PRICE: { exit: 1, summary: 'A price is zero or negative.' },
  DATA_NEGATIVE_VOLUME: { exit: 1, summary: 'Volume is negative.' },
  DATA_TOO_CLOSE: { exit: 1, summary: 'A bar closes less than one interval after the bar before it (an off-grid row).' },
  DATA_INTERVAL_MISMATCH: { exit: 1, summary: 'The spacing of the timestamps does not match the declared interval.' },

  STORE_CONFLICT: { exit: 1, summary: 'The file overlaps stored bars with different values (use --overwrite).' },
  STORE_CONCURRENT_WRITE: { exit: 1, summary: 'Another writer changed the series while this one was merging; try again.' },
  ASSET_CLASS_CONFLICT: { exit: 2, summary: 'The symbol is already stored with another asset class.' },
  STORE_SCHEMA_TOO_NEW: { exit: 1, summary: 'The store was written by a newer Sextant than this one.' },
  STORE_APPEND_ONLY: { exit: 1, summary: 'The audit log is append-only; rows cannot be changed or removed.' },
  SERIES_NOT_FOUND: { exit: 1, summary: 'No stored bars for that symbol and interval.' },
  RESAMPLE_INVALID: { exit: 2, summary: 'The target interval is not a whole multiple of the source interval.' },
  RESAMPLE_EMPTY: { exit: 1, summary: 'Resampling produced no complete bar.' },

  FEATURE_UNKNOWN: { exit: 2, summary: 'No feature has that name (see `sextant features list`).' },
  FEATURE_PARAM_INVALID: { exit: 2, summary: 'A feature parameter is missing, not a number, or outside its allowed range.' },
  FEATURE_SET_INVALID: { exit: 1, summary: 'A feature-set file is not valid YAML of the expected shape.' },
  FEATURE_REF_MISSING: { exit: 1, summary: 'A feature needs a reference (a symbol or an alternative series after @) that is absent or not stored.' },
  ALT_SERIES_NOT_FOUND: { exit: 1, summary: 'No alternative-data series has that name.' },

  STRATEGY_UNKNOWN: { exit: 2, summary: 'No strategy has that name (see `sextant strategies`).' },
  STRATEGY_PARAM_INVALID: { exit: 2, summary: 'A strategy parameter is unknown, missing, or outside its allowed range.' },
  STRATEGY_LOOKAHEAD: { exit: 1, summary: 'A strategy asked for data from after the bar it is handling.' },
  ORDER_INVALID: { exit: 1, summary: 'An order is malformed (non-positive quantity, missing limit or stop price, unknown symbol).' },
  BACKTEST_NO_BARS: { exit: 1, summary: 'The backtest range holds no bars.' },
  RUN_NOT_FOUND: { exit: 1, summary: 'No recorded run has that id.' },
  // API keys
  KEY_NOT_FOUND: { exit: 1, summary: 'No API key has that id.' },

  // HTTP API
  AUTH_REQUIRED: { exit: 1, summary: 'The request has no API key (send Authorization: Bearer KEY).' },
  AUTH_INVALID: { exit: 1, summary: 'The API key is unknown or revoked.' },
  AUTH_FORBIDDEN: { exit: 1, summary: "The API key's role may not do this (viewer reads; trader also orders and approves; admin also changes controls and keys)." },
  VALIDATION_FAILED: { exit: 2, summary: 'A request body, query or path parameter is not of the documented shape.' },
  ROUTE_NOT_FOUND: { exit: 1, summary: 'No API route has that method and path.' },
  RATE_LIMITED: { exit: 1, summary: 'Too many requests from this client; wait and retry.' },
  BODY_TOO_LARGE: { exit: 1, summary: 'The request body is larger than the API accepts.' },
  STRATEGY_NOT_FOUND: { exit: 1, summary: 'No strategy has the name given in the path (see GET /api/v1/strategies).' },
  JOB_NOT_FOUND: { exit: 1, summary: 'No background job has that id (jobs are kept while the server runs).' },
  JOB_FINISHED: { exit: 1, summary: 'The job has already finished and cannot be cancelled.' },
  WEB_NOT_BUILT: { exit: 1, summary: 'The dashboard has not been built (npm run build:web).' },

  // experiments and model-driven strategies
  CONFIG_INVALID: { exit: 2, summary: 'An experiment config (YAML file or --set override) is not of the expected shape.' },
  DATASET_EMPTY: { exit: 1, summary: 'The dataset has no rows with a known label in the requested range.' },
  MODEL_UNSUITABLE: { exit: 1, summary: 'The model cannot serve this use (wrong task, or features the strategy cannot provide).' },

  // metrics, calibration and linear models
  METRIC_INPUT_INVALID: { exit: 1, summary: 'Labels and predictions given to a metric do not match (length, label values, probabilities outside [0, 1]).' },
  CALIBRATION_INVALID: { exit: 1, summary: 'A calibrator cannot be fitted on these predictions, or a serialised calibrator is malformed.' },
  LINEAR_FIT_FAILED: { exit: 1, summary: 'A linear model cannot be fitted (bad training data, collinear features without l2, or separable classes without l2).' },
  LINEAR_INPUT_INVALID: { exit: 1, summary: 'A linear model was given a matrix with the wrong number of columns, or its serialised form is malformed.' },

  // model and experiment registry
  EXPERIMENT_NOT_FOUND: { exit: 1, summary: 'No recorded experiment has that id.' },
  MODEL_NOT_FOUND: { exit: 1, summary: 'No registered model has that id (or id prefix).' },
  MODEL_ID_AMBIGUOUS: { exit: 2, summary: 'A model id prefix matches more than one model; give more characters.' },
  MODEL_TRANSITION_INVALID: { exit: 1, summary: 'The lifecycle does not allow that state change (e.g. a retired model is final).' },
  MODEL_REASON_REQUIRED: { exit: 2, summary: 'A model state change needs a non-empty reason.' },
  MODEL_ARTIFACT_CORRUPT: { exit: 1, summary: 'A stored model artifact does not match its recorded SHA-256 or is not valid gzip JSON.' },

  // models: datasets, labels, normalisers, validation splits, hyperparameter search
  LABEL_SPEC_INVALID: { exit: 2, summary: 'A label definition is not valid (unknown kind, missing or out-of-range field).' },
  DATASET_INVALID: { exit: 1, summary: 'The inputs of a dataset disagree (feature names, column lengths, duplicate symbols, unsorted rows).' },
  NORMALISER_INVALID: { exit: 1, summary: 'A stored normaliser is malformed or does not match the data it is applied to.' },
  SPLIT_INVALID: { exit: 2, summary: 'Validation split options do not fit the dataset (too few times, a fold left without training rows).' },
  SEARCH_INVALID: { exit: 2, summary: 'A hyperparameter search space or its options are not valid.' },
  SEARCH_NO_SCORE: { exit: 1, summary: 'No hyperparameter candidate produced a finite score.' },

  // models: explanations (TreeSHAP, importance)
  EXPLAIN_INPUT_INVALID: { exit: 1, summary: 'Inputs to an explanation do not fit (matrix columns vs. the model, contribution array shape, labels, k or repeats).' },
  EXPLAIN_TREE_INVALID: { exit: 1, summary: 'A tree of the ensemble to explain is malformed (child out of range, a node reached twice, a feature out of range, a negative or non-finite cover).' },

  // models: gradient-boosted trees
  GBDT_PARAM_INVALID: { exit: 2, summary: 'A gradient-boosted-tree parameter is unknown, of the wrong type, or outside its range.' },
  GBDT_DATA_INVALID: { exit: 1, summary: 'Data given to gradient-boosted trees do not fit (matrix shape, labels for the objective, weights, columns vs. the model).' },
  GBDT_MODEL_INVALID: { exit: 1, summary: 'A serialised gradient-boosted-tree model is malformed.' },

  // trading: order management, sessions, approvals, live confirmation
  ORDER_TRANSITION_INVALID: { exit: 1, summary: 'An order cannot move from its current state to the one asked for (for example from filled to canceled).' },
  ORDER_NOT_FOUND: { exit: 1, summary: 'No order has that client order id in the session.' },
  SESSION_NOT_FOUND: { exit: 1, summary: 'No trading session has that name.' },
  SESSION_BUSY: { exit: 1, summary: 'Another process is already running that trading session.' },
  SESSION_CONFIG_MISMATCH: { exit: 2, summary: 'A session was resumed with a different strategy, symbols, interval or broker than it was started with.' },
  JOURNAL_INVALID: { exit: 1, summary: 'The trading journal holds an event that cannot be applied (a corrupt or hand-edited store).' },
  APPROVAL_NOT_PENDING: { exit: 1, summary: 'The order is not waiting for approval (already decided, expired or never needed it).' },
  LIVE_NOT_CONFIRMED: { exit: 2, summary: 'Live trading was asked for without the typed confirmation or --confirm-live.' },

  // trading: risk engine
  RISK_CONFIG_INVALID: { exit: 2, summary: 'A risk limit is unknown or its value is not of the expected kind or range (null turns a limit off).' },
  RISK_STATE_INVALID: { exit: 1, summary: 'Saved circuit-breaker state is malformed and cannot be restored.' },

  // trading: Alpaca broker and market data
  BROKER_CREDENTIALS_MISSING: { exit: 1, summary: 'Broker API keys are not set in the environment (APCA_API_KEY_ID, APCA_API_SECRET_KEY).' },
  BROKER_AUTH_FAILED: { exit: 1, summary: 'The broker refused the API keys (HTTP 401, or a stream that did not authorise).' },
  BROKER_REJECTED: { exit: 1, summary: 'The broker refused the request (for example 403 insufficient buying power, 422 invalid order); its message is kept.' },
  BROKER_NOT_FOUND: { exit: 1, summary: 'The broker has no such object (HTTP 404: order, position, symbol).' },
  BROKER_TIMEOUT: { exit: 1, summary: 'The broker did not answer within the request timeout, also after retrying.' },
  BROKER_UNAVAILABLE: { exit: 1, summary: 'The broker kept failing (5xx, 429 rate limits or network errors) until the retries ran out.' },
  BROKER_PAYLOAD_INVALID: { exit: 1, summary: 'The broker sent a response or stream message that is not of the documented shape.' },

  // trading: live feeds
  LIVE_BAR_UNKNOWN_SYMBOL: { exit: 1, summary: 'A live bar names a symbol the session does not trade.' },
  LIVE_BAR_OUT_OF_ORDER: { exit: 1, summary: 'A live bar does not close after the previous bar of its symbol (out of order or a duplicate).' },
  LIVE_BAR_INVALID: { exit: 1, summary: 'A live bar has a non-finite time, a non-finite or non-positive price, or a negative or non-finite volume.' },
  LIVE_CAPACITY_FULL: { exit: 1, summary: 'A live session holds as many bars of a symbol as it was sized for; restart the session to continue.' },

  INTERNAL: { exit: 1, summary: 'An unexpected internal error (a bug: please report it).' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An error a person can act on: a stable code, a message, and where it happened. */
export class SextantError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'SextantError';
    this.code = code;
    this.details = details;
  }

  get exitCode(): number {
    return ERROR_CODES[this.code].exit;
  }

  /** The one JSON shape errors take everywhere (CLI --json, and later the HTTP API). */
  toJSON(): { error: { code: ErrorCode; message: string; details: Record<string, unknown> } } {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

export function isSextantError(e: unknown): e is SextantError {
  return e instanceof SextantError;
}
