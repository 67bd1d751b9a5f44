// Drops the local demo's databases (the services' default database names) on the MongoDB-wire server,
// so that the README's purchase meets freshly seeded demo data, as on a new machine. Plain Node with no
// dependencies (it runs before the checkout has installed any): one OP_MSG `dropDatabase` per database.
// When nothing listens there (FerretDB is not one of the machine's own servers: it may be gone while its
// PostgreSQL keeps the data of earlier runs), the databases are dropped in PostgreSQL instead, where
// FerretDB v1 keeps each in a schema of its own; with no PostgreSQL either, there is nothing to drop.
// Usage: node infra/ci/drop-demo-databases.js [host:port] — default 127.0.0.1:27017.
const { execFileSync } = require('node:child_process');
const net = require('node:net');

const [host, port] = (process.argv[2] ?? '127.0.0.1:27017').split(':');
const DATABASES = ['concert', 'wallet', 'payment'];
/** The PostgreSQL database FerretDB runs on (infra/ferretdb/run.sh). */
const FERRETDB_PG = ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'ferretdb'];

/** BSON of { dropDatabase: 1, $db: name }. */
function dropCommand(name) {
  const db = Buffer.from(`${name}\0`, 'utf8');
  const body = Buffer.concat([
    Buffer.from([0x10]), Buffer.from('dropDatabase\0'), int32(1),
    Buffer.from([0x02]), Buffer.from('$db\0'), int32(db.length), db,
    Buffer.from([0x00]),
  ]);
  return Buffer.concat([int32(body.length + 4), body]);
}

function int32(n) {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n);
  return b;
}

/** Sends one OP_MSG and resolves with the reply's document bytes. */
function command(socket, requestId, doc) {
  const header = Buffer.alloc(16);
  const message = Buffer.concat([header, int32(0), Buffer.from([0]), doc]);
  message.writeInt32LE(message.length, 0);
  message.writeInt32LE(requestId, 4);
  message.writeInt32LE(2013, 12); // OP_MSG
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const onData = (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 4 && received.length >= received.readInt32LE(0)) {
        socket.off('data', onData);
        resolve(received.subarray(21, received.readInt32LE(0)));
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.write(message);
  });
}

/** `ok: 1` of a reply: a double (0x01) or an int32 (0x10) element named ok. */
function isOk(reply) {
  const double = Buffer.concat([Buffer.from([0x01]), Buffer.from('ok\0')]);
  const at = reply.indexOf(double);
  if (at >= 0) return reply.readDoubleLE(at + double.length) === 1;
  const int = Buffer.concat([Buffer.from([0x10]), Buffer.from('ok\0')]);
  const i = reply.indexOf(int);
  return i >= 0 && reply.readInt32LE(i + int.length) === 1;
}

const socket = net.connect(Number(port), host);
socket.setTimeout(30_000, () => socket.destroy(new Error('no answer within 30 s')));
socket.once('error', (error) => {
  if (error.code === 'ECONNREFUSED') return dropInPostgres();
  console.error(`drop-demo-databases: ${error.message}`);
  process.exit(1);
});

function dropInPostgres() {
  try {
    execFileSync('psql', [...FERRETDB_PG, '-tAc', 'SELECT 1'], { stdio: 'ignore' });
  } catch {
    console.log('drop-demo-databases: neither FerretDB nor its PostgreSQL database answers: nothing to drop');
    return;
  }
  execFileSync('psql', [...FERRETDB_PG, '-q', '-v', 'ON_ERROR_STOP=1', '-c', `DROP SCHEMA IF EXISTS ${DATABASES.join(', ')} CASCADE`], {
    stdio: 'inherit',
    env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' },
  });
  console.log(`dropped the demo databases (${DATABASES.join(', ')}) in PostgreSQL: FerretDB is down`);
}

socket.once('connect', async () => {
  let id = 1;
  for (const name of DATABASES) {
    if (!isOk(await command(socket, id++, dropCommand(name)))) {
      console.error(`drop-demo-databases: dropDatabase ${name} was refused`);
      process.exit(1);
    }
  }
  console.log(`dropped the demo databases (${DATABASES.join(', ')}) on ${host}:${port}`);
  socket.end();
});
