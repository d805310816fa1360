/**
 * Versioned schema migrations, applied in order, each in its own transaction. A migration is
 * never edited once released: changes go in a new one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'market data, runs, benchmarks, audit log',
    sql: `
      CREATE TABLE assets (
        id INTEGER PRIMARY KEY,
        symbol TEXT NOT NULL UNIQUE,
        asset_class TEXT NOT NULL CHECK (asset_class IN ('equity', 'crypto', 'forex', 'future')),
        quote_currency TEXT NOT NULL,
        tick_size REAL NOT NULL CHECK (tick_size > 0),
        lot_size REAL NOT NULL CHECK (lot_size > 0),
        created_at INTEGER NOT NULL
      );

      -- One row per symbol and interval; the bars themselves live in bar_chunks.
      CREATE TABLE series (
        id INTEGER PRIMARY KEY,
        asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
        interval TEXT NOT NULL,
        rows INTEGER NOT NULL,
        first_time INTEGER,
        last_time INTEGER,
        gaps INTEGER NOT NULL DEFAULT 0,
        has_adj_close INTEGER NOT NULL DEFAULT 0,
        -- Bumped by every write: a writer that read version v may only write if it is still v.
        version INTEGER NOT NULL DEFAULT 1,
        updated_at INTEGER NOT NULL,
        UNIQUE (asset_id, interval)
      );

      -- Bars as columnar chunks of Float64Array bytes; time = close time in UTC epoch ms.
      CREATE TABLE bar_chunks (
        series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        first_time INTEGER NOT NULL,
        last_time INTEGER NOT NULL,
        n INTEGER NOT NULL CHECK (n > 0),
        time BLOB NOT NULL,
        open BLOB NOT NULL,
        high BLOB NOT NULL,
        low BLOB NOT NULL,
        close BLOB NOT NULL,
        volume BLOB NOT NULL,
        adj_close BLOB,
        PRIMARY KEY (series_id, seq)
      ) WITHOUT ROWID;

      -- The old values of bars replaced by an overwrite, tied to the audit entry that did it.
      CREATE TABLE bar_revisions (
        audit_id INTEGER NOT NULL REFERENCES audit_log(id),
        series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
        time INTEGER NOT NULL,
        open REAL NOT NULL,
        high REAL NOT NULL,
        low REAL NOT NULL,
        close REAL NOT NULL,
        volume REAL,
        adj_close REAL,
        PRIMARY KEY (audit_id, time)
      ) WITHOUT ROWID;

      -- Where stored bars came from.
      CREATE TABLE ingestions (
        id INTEGER PRIMARY KEY,
        series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        rows_read INTEGER NOT NULL,
        rows_added INTEGER NOT NULL,
        rows_changed INTEGER NOT NULL,
        rows_dropped INTEGER NOT NULL,
        at INTEGER NOT NULL
      );

      -- Alternative data (sentiment, macro, on-chain ...): one value per time.
      CREATE TABLE alt_series (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL
      );
      CREATE TABLE alt_points (
        alt_series_id INTEGER NOT NULL REFERENCES alt_series(id) ON DELETE CASCADE,
        time INTEGER NOT NULL,
        value REAL NOT NULL,
        PRIMARY KEY (alt_series_id, time)
      ) WITHOUT ROWID;

      -- Backtests, sweeps, paper and live sessions, with their lineage.
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        strategy TEXT NOT NULL,
        config_json TEXT NOT NULL,
        config_hash TEXT NOT NULL,
        data_hash TEXT NOT NULL,
        code_version TEXT NOT NULL,
        seed INTEGER,
        status TEXT NOT NULL,
        metrics_json TEXT,
        started_at INTEGER NOT NULL,
        finished_at INTEGER
      );
      CREATE TABLE trades (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('long', 'short')),
        quantity REAL NOT NULL,
        entry_time INTEGER NOT NULL,
        entry_price REAL NOT NULL,
        exit_time INTEGER,
        exit_price REAL,
        pnl REAL,
        fees REAL NOT NULL DEFAULT 0
      );
      CREATE INDEX trades_by_run ON trades(run_id, entry_time);

      -- Benchmark results, so speed can be compared across versions.
      CREATE TABLE benchmarks (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        figure REAL NOT NULL,
        unit TEXT NOT NULL,
        baseline REAL NOT NULL,
        ratio REAL NOT NULL,
        code_version TEXT NOT NULL,
        recorded_at INTEGER NOT NULL
      );

      -- Who did what, when. Append-only: the triggers refuse changes and deletions.
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        details_json TEXT NOT NULL
      );
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    `,
  },
  {
    version: 2,
    name: 'alternative data with publication times, feature cache',
    sql: `
      -- Version 1 declared alternative data without publication times and never wrote to it.
      DROP TABLE alt_points;
      DROP TABLE alt_series;
      CREATE TABLE alt_series (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        points INTEGER NOT NULL DEFAULT 0,
        version INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      -- A value for the period or instant observed_at, known from published_at on. A revision of
      -- an observation is another row with a later published_at: joins stay point-in-time.
      CREATE TABLE alt_points (
        alt_series_id INTEGER NOT NULL REFERENCES alt_series(id) ON DELETE CASCADE,
        observed_at INTEGER NOT NULL,
        published_at INTEGER NOT NULL,
        value REAL NOT NULL,
        PRIMARY KEY (alt_series_id, observed_at, published_at)
      ) WITHOUT ROWID;

      -- Computed feature columns, valid for one version of the bars, the feature and its inputs.
      CREATE TABLE feature_values (
        series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        feature_version INTEGER NOT NULL,
        series_version INTEGER NOT NULL,
        inputs_hash TEXT NOT NULL,
        rows INTEGER NOT NULL,
        computed_at INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (series_id, name)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    name: 'backtest runs: summary, equity series, trade bars',
    sql: `
      ALTER TABLE runs ADD COLUMN summary_json TEXT;
      ALTER TABLE runs ADD COLUMN feature_set_hash TEXT;
      ALTER TABLE trades ADD COLUMN entry_bar INTEGER;
      ALTER TABLE trades ADD COLUMN exit_bar INTEGER;
      ALTER TABLE trades ADD COLUMN return_pct REAL;
      -- Per-point series of a run (times, equity, benchmark, exposure) as raw Float64 bytes.
      CREATE TABLE run_series (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (run_id, name)
      ) WITHOUT ROWID;
      CREATE INDEX runs_by_start ON runs(started_at);
    `,
  },
  {
    version: 4,
    name: 'model registry: experiments, models, lifecycle transitions, run links',
    sql: `
      -- A training run: config, feature set, data range, code and seed, and its validation.
      -- The id is derived from that content (src/models/registry/ids.ts).
      CREATE TABLE experiments (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        config_json TEXT NOT NULL,
        config_hash TEXT NOT NULL,
        feature_set_hash TEXT NOT NULL,
        features_json TEXT NOT NULL,
        data_json TEXT NOT NULL,
        code_version TEXT NOT NULL,
        seed INTEGER NOT NULL,
        folds_json TEXT NOT NULL,
        metrics_json TEXT NOT NULL,
        search_json TEXT,
        duration_ms INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX experiments_by_created ON experiments(created_at);

      -- A trained model: a gzipped JSON artifact, versioned 1, 2, 3 … per name.
      CREATE TABLE models (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        experiment_id TEXT NOT NULL REFERENCES experiments(id),
        kind TEXT NOT NULL,
        task TEXT NOT NULL,
        artifact BLOB NOT NULL,
        -- SHA-256 of the JSON text before gzip.
        artifact_hash TEXT NOT NULL,
        calibration_json TEXT,
        metrics_json TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('candidate', 'active', 'paused', 'retired')),
        created_at INTEGER NOT NULL,
        UNIQUE (name, version)
      );
      CREATE INDEX models_by_created ON models(created_at);

      -- Every lifecycle state change (the first from NULL to candidate), each with the audit
      -- entry written in the same transaction. Append-only, like the audit log.
      CREATE TABLE model_transitions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        model_id TEXT NOT NULL REFERENCES models(id),
        from_state TEXT CHECK (from_state IN ('candidate', 'active', 'paused', 'retired')),
        to_state TEXT NOT NULL CHECK (to_state IN ('candidate', 'active', 'paused', 'retired')),
        reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
        actor TEXT NOT NULL,
        at INTEGER NOT NULL,
        audit_id INTEGER NOT NULL REFERENCES audit_log(id)
      );
      CREATE INDEX model_transitions_by_model ON model_transitions(model_id, id);
      CREATE TRIGGER model_transitions_no_update BEFORE UPDATE ON model_transitions
        BEGIN SELECT RAISE(ABORT, 'model_transitions is append-only'); END;
      CREATE TRIGGER model_transitions_no_delete BEFORE DELETE ON model_transitions
        BEGIN SELECT RAISE(ABORT, 'model_transitions is append-only'); END;

      -- Which runs used which models. The run reference is checked at commit, so saving a run
      -- again under its id (delete + insert in one transaction) keeps its links.
      CREATE TABLE run_models (
        run_id TEXT NOT NULL REFERENCES runs(id) DEFERRABLE INITIALLY DEFERRED,
        model_id TEXT NOT NULL REFERENCES models(id),
        PRIMARY KEY (run_id, model_id)
      ) WITHOUT ROWID;
      CREATE INDEX run_models_by_model ON run_models(model_id);

      -- Why a trade was opened: the reasons of the signal behind it (top feature contributions).
      ALTER TABLE trades ADD COLUMN reason TEXT;
    `,
  },
  {
    version: 5,
    name: 'paper and live trading: sessions, order journal, controls',
    sql: `
      -- A named paper or live trading session; a runner owns it while it runs.
      CREATE TABLE trading_sessions (
        name TEXT PRIMARY KEY,
        mode TEXT NOT NULL CHECK (mode IN ('paper', 'live')),
        config_json TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'stopped', 'finished')),
        owner_pid INTEGER,
        heartbeat_at INTEGER,
        -- Feed events (bars) handled so far, and the close time of the last one.
        cursor_tick INTEGER NOT NULL DEFAULT 0,
        cursor_time INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      -- Every order event, command and control change of a session, written before it is acted
      -- on. seq orders a session's events; tick is the feed event it happened at. Append-only.
      CREATE TABLE trading_journal (
        session TEXT NOT NULL REFERENCES trading_sessions(name),
        seq INTEGER NOT NULL,
        at INTEGER NOT NULL,
        tick INTEGER NOT NULL,
        kind TEXT NOT NULL,
        order_id TEXT,
        actor TEXT NOT NULL,
        data_json TEXT NOT NULL,
        PRIMARY KEY (session, seq)
      ) WITHOUT ROWID;
      CREATE INDEX trading_journal_by_order ON trading_journal(session, order_id);
      CREATE TRIGGER trading_journal_no_update BEFORE UPDATE ON trading_journal
        BEGIN SELECT RAISE(ABORT, 'trading_journal is append-only'); END;
      CREATE TRIGGER trading_journal_no_delete BEFORE DELETE ON trading_journal
        BEGIN SELECT RAISE(ABORT, 'trading_journal is append-only'); END;

      -- The one set of trading controls (state, kill switches, risk limits); every change bumps
      -- version and writes an audit entry in the same transaction.
      CREATE TABLE trading_controls (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        state TEXT NOT NULL CHECK (state IN ('ACTIVE', 'REDUCING', 'HALTED')),
        kill_global INTEGER NOT NULL,
        kill_strategies_json TEXT NOT NULL,
        flatten INTEGER NOT NULL,
        limits_json TEXT,
        version INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 6,
    name: 'API keys',
    sql: `
      -- Keys for the HTTP API: only a SHA-256 of each key is kept (the key is shown once, when created).
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('viewer', 'trader', 'admin')),
        key_hash TEXT NOT NULL UNIQUE,
        label TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        revoked_at INTEGER
      );
    `,
  },
  {
    version: 7,
    name: 'strategy settings',
    sql: `
      -- Strategies switched off (no new orders; working orders stay) and strategies whose every order waits for a person.
      ALTER TABLE trading_controls ADD COLUMN disabled_strategies_json TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE trading_controls ADD COLUMN approval_strategies_json TEXT NOT NULL DEFAULT '[]';
      -- A page of bars from a time seeks its first chunk instead of walking the series' earlier ones.
      CREATE INDEX bar_chunks_by_last_time ON bar_chunks (series_id, last_time);
      -- The parameters a strategy is launched with from the dashboard and the API.
      CREATE TABLE strategy_params (
        name TEXT PRIMARY KEY,
        params_json TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        updated_by TEXT NOT NULL
      );
    `,
  },
];
