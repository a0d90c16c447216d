// The service worker: keeps the app's own files so a reload without network still opens the
// app, with its queue of unsent changes waiting. Files come from the network first (a new
// version is picked up at once) and from the cache only when the network fails.
const CACHE = 'samling-app-v1';
const SHELL = '/index.html';

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([SHELL, '/style.css', '/js/app.js'])).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

// The page names the files it loaded before this worker took over, so they are kept too.
self.addEventListener('message', (event) => {
  const urls = (event.data && event.data.cache) || [];
  const own = urls.filter((u) => new URL(u).origin === self.location.origin);
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all(own.map((u) => cache.add(u).catch(() => undefined)))));
});

function isAppFile(url) {
  return url.origin === self.location.origin && !url.pathname.startsWith('/api/') && url.pathname !== '/ws'
    && url.pathname !== '/metrics' && url.pathname !== '/health';
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || !isAppFile(url)) return;
  const navigation = request.mode === 'navigate';
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const response = await fetch(request);
      if (response.ok) await cache.put(navigation ? SHELL : request, response.clone());
      return response;
    } catch (error) {
      const kept = await cache.match(navigation ? SHELL : request, { ignoreSearch: true });
      if (kept) return kept;
      throw error;
    }
  })());
});
