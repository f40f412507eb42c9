// Starts Swagger UI on /docs (nginx/docs/index.html). Settings chosen for an offline service
// whose users hold service tokens:
// - validatorUrl null: Swagger UI would otherwise send the document to validator.swagger.io;
// - persistAuthorization false: a token typed into "Authorize" lives in this tab only, never in
//   localStorage;
// - "Authorize" offers the two schemes of the document, `bearer` (Authorization: Bearer TOKEN)
//   and `isofindToken` (X-IsoFind-Token: TOKEN).
"use strict";
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/reports/openapi.json",
    dom_id: "#swagger-ui",
    validatorUrl: null,
    persistAuthorization: false,
    deepLinking: true,
    displayRequestDuration: true,
    showExtensions: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
    layout: "BaseLayout",
  });
});
