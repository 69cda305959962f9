// Starts Swagger UI (served from this server, from the fastapi-offline package) on this
// API's schema. A file, not an inline script: the security policy allows scripts of this
// origin only. Nothing is fetched from anywhere else.
"use strict";
window.addEventListener("DOMContentLoaded", () => {
  window.ui = window.SwaggerUIBundle({
    url: "openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
  });
});
