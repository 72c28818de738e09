// A storefront backend using Segment's own SDK, pointed at Cartback by host and write key only.
// Usage: node segment-storefront.mjs <host> <writeKey> <anonymousId>
import { Analytics } from '@segment/analytics-node';

const [host, writeKey, anonymousId] = process.argv.slice(2);
const analytics = new Analytics({ writeKey, host, path: '/v1/batch', maxEventsInBatch: 10, flushInterval: 200 });
analytics.on('error', (err) => { console.error('segment sdk error', err); process.exitCode = 1; });

analytics.page({ anonymousId, name: 'Home', properties: { path: '/home' } });
analytics.track({ anonymousId, event: 'Product Viewed',
  properties: { product_id: 'GGOEGAAX0037', name: 'Aviator Sunglasses 😎', price: 42.99, currency: 'USD' } });
analytics.track({ anonymousId, event: 'Product Added',
  properties: { product_id: 'GGOEGAAX0037', name: 'Aviator Sunglasses 😎', price: '42.99', quantity: 2, cart_id: 'cart-1' } });
analytics.identify({ anonymousId, userId: `user-${anonymousId}`, traits: { email: `${anonymousId}@example.com` } });
analytics.track({ anonymousId, userId: `user-${anonymousId}`, event: 'Checkout Step Viewed',
  properties: { step: 2, step_name: 'shipping', checkout_id: 'co-1', shipping: '7.50' } });

await analytics.closeAndFlush({ timeout: 15000 });
console.log('flushed');
