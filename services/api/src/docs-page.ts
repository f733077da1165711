import { createHash } from 'node:crypto';

// Renders /openapi.json in the browser; kept free of HTML-significant text so it can be inlined as is.
const script = `
fetch('openapi.json').then((r) => r.json()).then((doc) => {
  const main = document.querySelector('main');
  const el = (tag, text) => Object.assign(document.createElement(tag), { textContent: text });
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const section = main.appendChild(document.createElement('section'));
      section.append(el('h2', method.toUpperCase() + ' ' + path), el('p', op.summary));
      const params = op.parameters.map((p) => p.name + ' (' + p.in + (p.required ? ', required' : '') + '): ' + JSON.stringify(p.schema));
      if (op.requestBody) params.push('body: ' + JSON.stringify(op.requestBody.content['application/json'].schema));
      const list = section.appendChild(document.createElement('ul'));
      for (const text of params) list.append(el('li', text));
    }
  }
});
`;

/** For the Content-Security-Policy: this exact script may run, nothing else inline. */
export const docsScriptHash = `'sha256-${createHash('sha256').update(script).digest('base64')}'`;

export const docsPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>liveblog-ingest API</title></head>
<body>
<h1>liveblog-ingest API</h1>
<p>The machine-readable description: <a href="openapi.json">openapi.json</a> (OpenAPI 3.1).</p>
<main></main>
<script>${script}</script>
</body>
</html>
`;
