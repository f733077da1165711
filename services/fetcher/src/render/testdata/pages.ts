/** Pages of our own making for the rendering tests (unit and end-to-end). */

export const ENTRIES = ['Fähre fährt wieder', 'Schule fällt aus', 'Strom ist zurück'];

/** A liveblog whose entries a script draws after load, from data it fetches. */
export const DRAWN = `<!doctype html><html lang="de"><head><title>Sturmticker</title></head><body><main id="ticker"></main>
<script>
window.addEventListener('load', async () => {
  const entries = await (await fetch('/entries.json')).json();
  for (const e of entries) {
    const article = document.createElement('article');
    article.innerHTML = '<h2></h2><p></p>';
    article.querySelector('h2').textContent = e;
    article.querySelector('p').textContent = e + ': mehr dazu in Kürze.';
    document.getElementById('ticker').append(article);
  }
});
</script></body></html>`;

/** Asks for addresses it must never reach, by every way a page has. */
export const hostile = (trap: string) => `<!doctype html><html><head><title>Falle</title>
<script src="${trap}/script.js"></script><link rel="stylesheet" href="${trap}/style.css"></head>
<body><img src="${trap}/pixel.png"><iframe src="${trap}/frame"></iframe><p id="done">geladen</p>
<script>
fetch('http://169.254.169.254/latest/meta-data/').catch(() => {});
fetch('${trap}/xhr').catch(() => {});
try { new WebSocket('${trap.replace('http', 'ws')}/ws'); } catch {}
navigator.sendBeacon('${trap}/beacon', 'x');
</script></body></html>`;

export const ENDLESS = `<!doctype html><html><body><p>vorher</p><script>for (;;) {}</script></body></html>`;
