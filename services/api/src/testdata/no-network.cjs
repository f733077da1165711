// Preloaded into the OpenAPI linter: any attempt to open a connection (telemetry, an update check, a
// remote $ref) throws, so the lint is proven to run offline.
const net = require('node:net');
const refuse = () => {
  throw new Error('network access refused in the lint test');
};
net.Socket.prototype.connect = refuse;
globalThis.fetch = async () => refuse();
