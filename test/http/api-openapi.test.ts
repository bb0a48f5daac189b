import type { Router } from "express";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { apiRoutes } from "../../src/http/api/index.js";
import { openApiPath } from "../../src/http/api/openapi/openapi-document.js";
import { createTestRuntime, TEST_PUBLIC_URL, type TestRuntime } from "../helpers/test-runtime.js";

type Json = Record<string, unknown>;
const METHODS = ["get", "post", "put", "patch", "delete", "head", "options", "trace"];

interface StackLayer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: StackLayer[] };
}

/** Every method and path the router answers, found by walking Express's own stack. */
function servedRoutes(router: Router): string[] {
  const found: string[] = [];
  const walk = (stack: StackLayer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) {
          if (method !== "_all") found.push(`${method} ${openApiPath(layer.route.path)}`);
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((router as unknown as { stack: StackLayer[] }).stack);
  return found;
}

/** Follows `#/components/...` inside the document; fails the test on a dangling reference. */
function resolve(doc: Json, ref: string): Json {
  expect(ref.startsWith("#/")).toBe(true);
  let node: unknown = doc;
  for (const part of ref.slice(2).split("/")) node = (node as Json | undefined)?.[part];
  expect(node, `dangling $ref ${ref}`).toBeTypeOf("object");
  return node as Json;
}

function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refsIn(v, out);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref" && typeof v === "string") out.push(v);
      else refsIn(v, out);
    }
  }
  return out;
}

describe("API: /api/v1/openapi.json", () => {
  let rt: TestRuntime;
  let doc: Json;
  beforeAll(async () => {
    rt = await createTestRuntime();
    const res = await request(rt.app).get("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/application\/json/);
    doc = res.body as Json;
  });
  afterAll(() => rt.dispose());

  it("is served without a token (it describes the API and holds no data)", () => {
    expect(doc.openapi).toBe("3.1.0");
  });

  it("has every route the API router serves, and nothing it does not", () => {
    const served = servedRoutes(apiRoutes(rt.ctx));
    expect(served.length).toBeGreaterThan(10);
    const paths = doc.paths as Record<string, Json>;
    const documented = Object.entries(paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((k) => METHODS.includes(k))
        .map((m) => `${m} ${path}`),
    );
    expect(documented.sort()).toEqual([...new Set(served)].sort());
  });

  it("is OpenAPI 3.1 in shape: info, operations with responses, declared path parameters, refs resolve", () => {
    expect(doc.jsonSchemaDialect).toBe("https://json-schema.org/draft/2020-12/schema");
    const info = doc.info as Json;
    expect(typeof info.title).toBe("string");
    expect(typeof info.version).toBe("string");
    expect(doc.servers).toEqual([{ url: TEST_PUBLIC_URL }]);
    const operationIds = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
      expect(path.startsWith("/")).toBe(true);
      for (const [method, op] of Object.entries(item) as Array<[string, Json]>) {
        expect(METHODS).toContain(method);
        expect(typeof op.operationId).toBe("string");
        expect(operationIds.has(op.operationId as string), `duplicate ${op.operationId}`).toBe(false);
        operationIds.add(op.operationId as string);
        const responses = op.responses as Record<string, Json>;
        expect(Object.keys(responses).length).toBeGreaterThan(0);
        for (const [status, response] of Object.entries(responses)) {
          expect(status).toMatch(/^([1-5]\d\d|default)$/);
          expect(typeof response.description).toBe("string");
        }
        const params = (op.parameters ?? []) as Json[];
        const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
        const inPath = params.filter((p) => p.in === "path");
        expect(inPath.map((p) => p.name).sort()).toEqual([...templated].sort());
        for (const p of inPath) expect(p.required).toBe(true);
        for (const p of params) {
          expect(["path", "query", "header", "cookie"]).toContain(p.in);
          expect(p.schema).toBeTypeOf("object");
        }
      }
    }
    for (const ref of refsIn(doc)) resolve(doc, ref);
    expect(refsIn(doc).some((r) => r.includes("$defs"))).toBe(false);
  });

  it("describes the bearer auth, applied to all but the document itself", () => {
    const components = doc.components as Json;
    expect((components.securitySchemes as Json).bearerAuth).toEqual(
      expect.objectContaining({ type: "http", scheme: "bearer" }),
    );
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    const paths = doc.paths as Record<string, Record<string, Json>>;
    expect(paths["/api/v1/openapi.json"]?.get?.security).toEqual([]);
    const accounts = paths["/api/v1/accounts"]?.get as Json;
    expect(accounts.security).toBeUndefined();
    expect((accounts.responses as Json)["401"]).toBeDefined();
  });

  it("describes the error shape every failure uses, and the API answers in it", async () => {
    const error = resolve(doc, "#/components/schemas/Error");
    const bad = await request(rt.app)
      .post("/api/v1/accounts")
      .set("Authorization", "Bearer test-admin-token-0123456789abcdef")
      .send({ id: "x", platform: "nope", displayName: "X" });
    expect(bad.status).toBe(400);
    expect(z.fromJSONSchema(error as never).safeParse(bad.body).success).toBe(true);
    const unauthorized = await request(rt.app).get("/api/v1/accounts");
    expect(z.fromJSONSchema(error as never).safeParse(unauthorized.body).success).toBe(true);
  });

  it("request bodies are the schemas the routes validate with: strict, with their limits", () => {
    const create = resolve(doc, "#/components/schemas/CreateAccount");
    expect(create.additionalProperties).toBe(false);
    expect(create.required).toEqual(["id", "platform", "displayName"]);
    expect((create.properties as Record<string, Json>).platform?.enum).toEqual(["micloud", "cloudlink"]);
  });

  it("every example validates against its schema (read back from the document, not from zod)", () => {
    const examples: Array<{ where: string; schema: Json; example: unknown }> = [];
    const collect = (where: string, schema: Json) => {
      for (const example of (schema.examples ?? []) as unknown[]) examples.push({ where, schema, example });
    };
    for (const [name, schema] of Object.entries((doc.components as Json).schemas as Record<string, Json>)) {
      collect(name, schema);
    }
    expect(examples.length).toBeGreaterThanOrEqual(6);
    for (const { where, schema, example } of examples) {
      const result = z.fromJSONSchema(schema as never).safeParse(example);
      expect(result.success, `${where}: ${JSON.stringify(example)}`).toBe(true);
    }
    // And a wrong one does not: the check can fail.
    const create = resolve(doc, "#/components/schemas/CreateAccount");
    expect(z.fromJSONSchema(create as never).safeParse({ id: "x", platform: "teams" }).success).toBe(false);
  });
});
