import { z } from "zod";
import { API_OPERATIONS, type ApiOperation } from "./api-operations.js";
import { errorResponse } from "./response-schemas.js";

type JsonSchema = Record<string, unknown>;

const API_BASE = "/api/v1";

/** Express's `/accounts/:id` → OpenAPI's `/accounts/{id}`. */
export function openApiPath(expressPath: string): string {
  return `${API_BASE}${expressPath.replace(/:([A-Za-z0-9_]+)/g, "{$1}")}`;
}

/**
 * Collects JSON Schemas from zod 4's z.toJSONSchema: a named schema (meta id) becomes a
 * component and everything refers to it there, so the document has one copy of each.
 */
class SchemaCollector {
  readonly components: Record<string, JsonSchema> = {};

  add(schema: z.ZodType, io: "input" | "output"): JsonSchema {
    const generated = z.toJSONSchema(schema, {
      target: "draft-2020-12",
      io,
      unrepresentable: "any",
    }) as JsonSchema;
    const rewritten = JSON.parse(
      JSON.stringify(generated).replaceAll('"#/$defs/', '"#/components/schemas/'),
    ) as JsonSchema;
    const { $schema: _dialect, $defs, ...root } = rewritten;
    for (const [id, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
      const known = this.components[id];
      if (known && JSON.stringify(known) !== JSON.stringify(def)) {
        throw new Error(`Two different schemas are named ${id} in the API document`);
      }
      this.components[id] = def;
    }
    return root;
  }
}

function pathParameters(path: string) {
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({
    name: m[1],
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
}

function queryParameters(op: ApiOperation, schemas: SchemaCollector) {
  if (!op.query) return [];
  const object = schemas.add(op.query, "input") as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(object.properties ?? {}).map(([name, schema]) => {
    const { description, ...rest } = schema;
    return {
      name,
      in: "query",
      required: object.required?.includes(name) ?? false,
      ...(typeof description === "string" ? { description } : {}),
      schema: rest,
    };
  });
}

function operationOf(op: ApiOperation, schemas: SchemaCollector) {
  const errorRef = { $ref: "#/components/schemas/Error" };
  const errorContent = (description: string) => ({
    description,
    content: { "application/json": { schema: errorRef } },
  });
  const responses: Record<string, unknown> = {
    [String(op.ok.status)]: {
      description: op.ok.description,
      ...(op.ok.schema
        ? {
            content: {
              [op.ok.contentType ?? "application/json"]: { schema: schemas.add(op.ok.schema, "output") },
            },
          }
        : {}),
    },
  };
  if (op.body || op.query) responses["400"] = errorContent("Invalid input: every problem field at once");
  if (!op.public) responses["401"] = errorContent("Missing or wrong bearer token");
  if (op.path.includes(":")) responses["404"] = errorContent("No such account, user or sign-in");
  if (op.method === "post" && op.ok.status === 201) responses["409"] = errorContent("It exists already");
  return {
    operationId: op.operationId,
    summary: op.summary,
    tags: [op.tag],
    ...(op.public ? { security: [] } : {}),
    parameters: [...pathParameters(op.path), ...queryParameters(op, schemas)],
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: schemas.add(op.body, "input") } },
          },
        }
      : {}),
    responses: { ...responses, default: errorContent("Any other error, in the same shape") },
  };
}

/** The OpenAPI 3.1 document of /api/v1, generated from the schemas the routes validate with. */
export function buildOpenApiDocument(options: { version: string; serverUrl: string }) {
  const schemas = new SchemaCollector();
  schemas.add(errorResponse, "output");
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of API_OPERATIONS) {
    const path = openApiPath(op.path);
    paths[path] = { ...paths[path], [op.method]: operationOf(op, schemas) };
  }
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "mitel-mock-sp admin API",
      version: options.version,
      description:
        "Accounts, SSO settings, users, the sign-in log and Analyze, as the operator console has them. " +
        "Every route but this document takes `Authorization: Bearer <ADMIN_TOKEN>`. Errors are " +
        "`{ error: { code, message, fix?, field?, fields? } }` with a stable code.",
    },
    servers: [{ url: options.serverUrl }],
    security: [{ bearerAuth: [] }],
    tags: [
      { name: "accounts" },
      { name: "users" },
      { name: "sign-ins" },
      { name: "export" },
      { name: "meta" },
    ],
    paths,
    components: {
      schemas: schemas.components,
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description: "ADMIN_TOKEN (or the token generated at first start, see the README).",
        },
      },
    },
  };
}
