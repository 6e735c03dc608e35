import { openapi } from "@elysiajs/openapi";

export const openapiPlugin = openapi({
  documentation: {
    info: { title: "Bookstore Orders API", version: "0.1.0" },
  },
});
