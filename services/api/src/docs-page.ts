import { dirname, join } from 'node:path';
import express, { type RequestHandler } from 'express';

export const DOCS_ASSETS_PATH = '/docs/assets';

/**
 * The API reference: Swagger UI from the swagger-ui-dist package, started by our own script file. Every
 * asset comes from this server, so the page works offline and under a script-src 'self' policy.
 */
export const docsPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8"><title>liveblog-ingest API</title>
<link rel="stylesheet" href="${DOCS_ASSETS_PATH}/swagger-ui.css">
<link rel="icon" href="${DOCS_ASSETS_PATH}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${DOCS_ASSETS_PATH}/swagger-ui-bundle.js"></script>
<script src="${DOCS_ASSETS_PATH}/docs-init.js"></script>
</body>
</html>
`;

/** Swagger UI's files and the script that starts it; cached for an hour (they change with a deploy only). */
export function docsAssets(): RequestHandler[] {
  const options = { maxAge: '1h', index: false, fallthrough: true } as const;
  return [express.static(dirname(require.resolve('swagger-ui-dist/package.json')), options), express.static(join(__dirname, '..', 'static'), options)];
}
