// Run by the mongo image on first boot (docker-entrypoint-initdb.d): one user per service, allowed to
// read and write its own database only, so no service can read another's store.
for (const service of ['concert', 'wallet', 'payment']) {
  const password = process.env[`MONGO_${service.toUpperCase()}_PASSWORD`];
  if (!password) throw new Error(`MONGO_${service.toUpperCase()}_PASSWORD is not set`);
  db.getSiblingDB(service).createUser({ user: service, pwd: password, roles: [{ role: 'readWrite', db: service }] });
}
