// One broker user per service, created or re-passworded through the management API (idempotent, so the
// one-shot container may run on every `docker compose up`). Each service declares the whole topology of
// the `concert` namespace on connect (so start order does not matter), and declaring a queue with a
// dead-letter exchange needs configure, write and read on it: a service user may therefore use every
// `concert.` resource, and nothing else on the broker (no amq.* exchanges, no other namespace).
const api = process.env.RABBITMQ_API ?? 'http://rabbitmq:15672/api';
const admin = `Basic ${Buffer.from(`admin:${process.env.RABBITMQ_ADMIN_PASSWORD}`).toString('base64')}`;
const NAMESPACE = '^concert\\.';

async function put(path, body) {
  const response = await fetch(`${api}${path}`, {
    method: 'PUT',
    headers: { authorization: admin, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`PUT ${path}: ${response.status}`);
}

for (const service of ['concert', 'wallet', 'payment']) {
  const password = process.env[`RABBITMQ_${service.toUpperCase()}_PASSWORD`];
  if (!password) throw new Error(`RABBITMQ_${service.toUpperCase()}_PASSWORD is not set`);
  await put(`/users/${service}`, { password, tags: '' });
  await put(`/permissions/%2F/${service}`, { configure: NAMESPACE, write: NAMESPACE, read: NAMESPACE });
  console.log(`broker user ${service}: permissions on ${NAMESPACE}`);
}

// The gateway only counts parked messages (GET /api/v1/admin/parked): a passive queue declare needs no
// permission, so it gets access to the vhost and no right on any resource.
const gatewayPassword = process.env.RABBITMQ_GATEWAY_PASSWORD;
if (!gatewayPassword) throw new Error('RABBITMQ_GATEWAY_PASSWORD is not set');
await put('/users/gateway', { password: gatewayPassword, tags: '' });
await put('/permissions/%2F/gateway', { configure: '^$', write: '^$', read: '^$' });
console.log('broker user gateway: no permissions (passive declares only)');
