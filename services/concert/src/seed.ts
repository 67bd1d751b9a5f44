import { loadConfigOrExit } from '@concert/config';
import { connectMongo, ensureIndexes } from '@concert/stream-store';
import { seedCatalog } from './application/seed-catalog.use-case';
import { configSchema } from './config';
import { createStores } from './wiring';

/**
 * Seeds the demo catalog (IU-2026, NEWJEANS-2026; three upcoming dates each, 50 tiered seats per date)
 * into the concert database. Idempotent. Called by `pnpm --filter @concert/concert-service seed` and
 * by the local start script.
 */
export async function seedDemoCatalog(mongoUrl: string, now: Date = new Date()) {
  const connection = await connectMongo(mongoUrl);
  try {
    const stores = createStores(connection);
    await ensureIndexes(connection);
    const concerts = await seedCatalog(stores, now);
    for (const c of concerts) for (const d of c.dates) await stores.seats.backfillListed(c.concertCode, d.concertDate);
    return concerts.map((c) => ({ concertCode: c.concertCode, title: c.title, concertDates: c.dates.map((d) => d.concertDate) }));
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  const { MONGO_URL } = loadConfigOrExit(configSchema, process.env);
  seedDemoCatalog(MONGO_URL).then(
    (concerts) => {
      for (const c of concerts) process.stdout.write(`seeded ${c.concertCode} (${c.title}): ${c.concertDates.join(', ')}\n`);
    },
    (error: unknown) => {
      process.stderr.write(`seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
