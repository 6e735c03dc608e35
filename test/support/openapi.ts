import SwaggerParser from "@apidevtools/swagger-parser";
import type { OpenAPIV3_1 } from "openapi-types";
import type { Reply } from "./app.ts";

/** The served document with every $ref replaced by what it names, for tests that read schemas. */
export async function dereferencedDocument(call: (method: string, path: string) => Promise<Reply>) {
  const reply = await call("GET", "/openapi/json");
  // Tests read arbitrary parts of the document.
  return (await SwaggerParser.dereference(reply.body as OpenAPIV3_1.Document)) as any;
}
