// Starts Swagger UI on the OpenAPI document of the server that serves this page. A file of its own
// rather than an inline script: the Content-Security-Policy admits scripts from this origin only.
window.addEventListener('load', () => {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    // No calls to the public validator service: this page makes requests to its own origin only.
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    defaultModelsExpandDepth: 0,
    displayRequestDuration: true,
  });
});
