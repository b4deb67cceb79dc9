// Service worker of Phòng Dịch, registered by the checkpoint page only (checkpoints keep working offline).
// The app shell (index.html and the built assets) is cached as it is fetched, so a reload offline opens the
// page: pages and the shell are network-first (a new deployment is picked up at once when online), hashed
// assets cache-first. Of the API only two reads are kept, both needed to open the page offline: who is logged
// in (/api/auth/me) and the checkpoint itself; never a list of entries or any other personal data. Writes are
// never touched here: the page queues them in IndexedDB and sends them itself.
const CACHE = 'phongdich-shell-v1';
const API_KEPT = [/^\/api\/auth\/me$/, /^\/api\/checkpoints\/\d+$/];

// The shell: index.html and the scripts and styles it names (hashed by the build), fetched now so that the
// next load works offline even though this one was not served through the worker.
async function precache() {
  const cache = await caches.open(CACHE);
  const res = await fetch('/', { cache: 'no-store' });
  if (!res.ok) return;
  const html = await res.clone().text();
  await cache.put('/', res);
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  await cache.addAll([...new Set(assets)]);
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('phongdich-shell-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function networkFirst(request, cacheKey) {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(request);
    if (res.ok) await cache.put(cacheKey, res.clone());
    return res;
  } catch (err) {
    const hit = await cache.match(cacheKey);
    if (hit) return hit;
    throw err;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) await cache.put(request, res.clone());
  return res;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // Logging out forgets who was logged in (the request itself goes on untouched).
  if (request.method === 'POST' && url.pathname === '/api/auth/logout') event.waitUntil(caches.open(CACHE).then((c) => c.delete('/api/auth/me')));
  if (request.method !== 'GET') return;
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/')) {
    if (API_KEPT.some((re) => re.test(url.pathname))) event.respondWith(networkFirst(request, url.pathname));
    return;
  }
  // Every page of the single-page app is index.html.
  if (request.mode === 'navigate') event.respondWith(networkFirst(request, '/'));
  else if (url.pathname.startsWith('/assets/')) event.respondWith(cacheFirst(request));
  else event.respondWith(networkFirst(request, url.pathname));
});
