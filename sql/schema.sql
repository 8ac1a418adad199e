-- The PostgreSQL schema of the suite: used by the jobs' tests, the docker compose init scripts and the demo.
-- Jobs check at start-up that their table exists and refuse to run otherwise.

-- Word counts per tumbling window (job-wordcount); replays upsert the same rows.
CREATE TABLE IF NOT EXISTS word_counts (
  window_start timestamptz NOT NULL,
  window_end timestamptz NOT NULL,
  word text NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (window_start, word));

-- Cumulative statistics per user (job-usage-stats). The job's upsert only replaces a row with a total of the same
-- or a later window:
--   ... ON CONFLICT (email_address) DO UPDATE SET ... WHERE user_statistics.window_end <= EXCLUDED.window_end
CREATE TABLE IF NOT EXISTS user_statistics (
  email_address text PRIMARY KEY,
  total_flight_duration_seconds bigint NOT NULL,
  number_of_flights bigint NOT NULL,
  window_end timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now());
