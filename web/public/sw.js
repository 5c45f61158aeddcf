// Rapport's service worker: keeps the app shell so the app opens without a network.
// - Hashed build assets (/assets/*) never change under their name: cache first.
// - Pages (navigations) and index.html: network first, the cached shell when offline.
// - The API (/api/*) and everything else pass through untouched: data is never cached here.
const SHELL_CACHE = "rapport-shell-v1";
const ASSET_CACHE = "rapport-assets-v1";
const SHELL = ["/index.html", "/manifest.webmanifest", "/favicon.svg", "/icon-192.png"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const shell = await caches.open(SHELL_CACHE);
      await shell.addAll(SHELL);
      // The entry script and styles index.html names, so the first offline start has them.
      const html = await (await shell.match("/index.html")).text();
      const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
      await (await caches.open(ASSET_CACHE)).addAll(assets);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const keep = new Set([SHELL_CACHE, ASSET_CACHE]);
      for (const name of await caches.keys()) if (!keep.has(name)) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

async function networkFirstShell(request) {
  const shell = await caches.open(SHELL_CACHE);
  try {
    const response = await fetch(request);
    // Every page is the same index.html, answered for the client router.
    if (response.ok) await shell.put("/index.html", response.clone());
    return response;
  } catch (error) {
    const cached = await shell.match("/index.html");
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirstAsset(request) {
  const assets = await caches.open(ASSET_CACHE);
  const cached = await assets.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await assets.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate" || url.pathname === "/index.html") {
    event.respondWith(networkFirstShell(request));
  } else if (url.pathname.startsWith("/assets/")) {
    event.respondWith(cacheFirstAsset(request));
  } else if (SHELL.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname).then((cached) => cached ?? fetch(request)));
  }
});
