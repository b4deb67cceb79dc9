// Shared by the profiling aids (bench/prof-*.ts): the app on the benchmark database, with the in-memory
// check-in index built and attached as `serve` does.
import { loadConfig } from '../src/server/platform/config.ts';
import { withDatabase } from '../src/server/platform/db/connect.ts';
import { openApp } from '../src/server/main.ts';
import { attachCheckinIndex, CheckinIndex } from '../src/server/modules/tracing/checkinIndex.ts';

export async function openBenchApp() {
  const config = loadConfig({ ...process.env, DATABASE_URL: withDatabase('postgres://postgres@127.0.0.1:5432/postgres', 'phongdich_bench_1000000'), PHONGDICH_LOG_LEVEL: 'silent', PORT: '0' });
  const { app, close } = await openApp(config, { info: () => {}, warn: () => {}, error: console.error });
  const index = new CheckinIndex(app.db);
  attachCheckinIndex(app.db, index);
  await index.build();
  return {
    app,
    close: async () => { index.close(); attachCheckinIndex(app.db, null); await close(); },
  };
}
