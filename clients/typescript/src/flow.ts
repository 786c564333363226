// The walkthrough of the README through openapi-fetch and the types openapi-typescript writes
// for the API's document (src/schema.d.ts, default flags). It compiles under `tsc --strict`,
// narrows every error by its `code`, and records each answer it meets (operation, status, media
// type, body), so that a second compilation can check that every real answer fits its type.
//
//     node build/flow.js http://127.0.0.1:8000 answers.json

import { writeFileSync } from "node:fs";
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema.js";

type Schemas = components["schemas"];

interface Answer {
  path: string;
  method: string;
  status: number;
  mediaType: string;
  body: unknown;
}

const [base, out] = process.argv.slice(2);
if (!base || !out) {
  throw new Error("usage: node build/flow.js BASE_URL ANSWERS.json");
}
const answers: Answer[] = [];
let access = "";

const recorder: Middleware = {
  async onRequest({ request }) {
    if (access && !request.headers.has("Authorization")) {
      request.headers.set("Authorization", `Bearer ${access}`);
    }
    return request;
  },
  async onResponse({ request, response, schemaPath }) {
    const text = await response.clone().text();
    answers.push({
      path: schemaPath,
      method: request.method.toLowerCase(),
      status: response.status,
      mediaType: (response.headers.get("Content-Type") ?? "").split(";")[0] ?? "",
      body: text ? JSON.parse(text) : null,
    });
    return response;
  },
};

const api = createClient<paths>({ baseUrl: base });
api.use(recorder);

function check(condition: boolean, what: string): asserts condition {
  if (!condition) {
    throw new Error(`flow: ${what}`);
  }
}

function key(): string {
  return crypto.randomUUID();
}

async function signIn(): Promise<Schemas["TokenPair"]> {
  const email = `ts-${key().slice(0, 12)}@example.com`;
  const password = "a-long-typescript-passphrase-2026";
  const registered = await api.POST("/api/v1/auth/register", {
    body: { email, password, name: "Ada" },
  });
  check(registered.response.status === 201, "register");
  const taken = await api.POST("/api/v1/auth/register", {
    body: { email, password, name: "Ada" },
  });
  check(taken.error?.code === "CONFLICT_EMAIL_EXISTS", "the same email twice");
  const wrong = await api.POST("/api/v1/auth/token", { body: { email, password: "not it" } });
  check(wrong.error?.code === "AUTH_INVALID_CREDENTIALS", "a wrong password");
  const pair = await api.POST("/api/v1/auth/token", { body: { email, password } });
  check(pair.data !== undefined, "sign in");
  return pair.data;
}

async function refreshAndSignOut(refresh: string): Promise<void> {
  const rotated = await api.POST("/api/v1/auth/token/refresh", { body: { refresh } });
  check(rotated.data !== undefined, "refresh");
  access = rotated.data.access;
  const ended = await api.POST("/api/v1/auth/logout", { body: { refresh: rotated.data.refresh } });
  check(ended.response.status === 204, "sign out");
  const after = await api.POST("/api/v1/auth/token/refresh", {
    body: { refresh: rotated.data.refresh },
  });
  if (after.error?.code === "AUTH_TOKEN_INVALID") {
    // The reason is typed: a client branches on it.
    const reason: "expired" | "invalid" | "revoked" | "used" | undefined = after.error.details.reason;
    check(reason === "revoked", `a refresh after signing out: ${reason}`);
  } else {
    check(false, "a refresh after signing out is refused");
  }
}

async function deals(): Promise<number> {
  const sent = {
    title: "Espresso machine",
    price: "199.00",
    original_price: "349.00",
    url: `https://shop.example.com/espresso-${key()}`,
  };
  const created = await api.POST("/api/v1/deals", {
    body: sent,
    params: { header: { "Idempotency-Key": key() } },
  });
  check(created.data !== undefined, "create a deal");
  const deal: Schemas["Deal"] = created.data;

  const again = await api.POST("/api/v1/deals", {
    body: sent,
    params: { header: { "Idempotency-Key": key() } },
  });
  if (again.error?.code === "CONFLICT_DUPLICATE_DEAL") {
    check(again.error.details.deal_id === deal.id, "the duplicate names the deal");
  } else {
    check(false, "the same URL twice is a duplicate");
  }

  const invalid = await api.POST("/api/v1/deals", {
    body: { title: "Kettle", price: "10.00", original_price: "5.00" },
    params: { header: { "Idempotency-Key": key() } },
  });
  if (invalid.error?.code === "VALIDATION_ERROR") {
    const messages: string[] | undefined = invalid.error.details["original_price"];
    check(messages !== undefined && messages.length > 0, "the field is named");
  } else {
    check(false, "an original price below the price is refused");
  }

  const path = { deal_id: deal.id };
  const edited = await api.PATCH("/api/v1/deals/{deal_id}", {
    params: { path },
    body: { price: "189.00", version: deal.version },
  });
  check(edited.data?.version === deal.version + 1, "edit with the version read");

  const stale = await api.PATCH("/api/v1/deals/{deal_id}", {
    params: { path },
    body: { price: "179.00", version: deal.version },
  });
  if (stale.error?.code === "CONFLICT_VERSION_MISMATCH") {
    const current: number = stale.error.details.current_version;
    check(current === deal.version + 1, "the current version comes back");
  } else {
    check(false, "a stale version is refused");
  }

  const listed = await api.GET("/api/v1/deals", { params: { query: { category: "other" } } });
  check(listed.data?.results.some((item) => item.id === deal.id) === true, "the list");
  const read = await api.GET("/api/v1/deals/{deal_id}", { params: { path } });
  check(read.data?.price === "189.00", "read it back");
  return deal.id;
}

async function analyse(dealId: number): Promise<void> {
  const queued = await api.POST("/api/v1/deals/{deal_id}/analyses", {
    params: { path: { deal_id: dealId }, header: { "Idempotency-Key": key() } },
  });
  check(queued.data !== undefined, "ask for an analysis");
  const id = queued.data.id;
  for (let tries = 0; tries < 120; tries++) {
    const analysis = await api.GET("/api/v1/analyses/{analysis_id}", {
      params: { path: { analysis_id: id } },
    });
    check(analysis.data !== undefined, "read the analysis");
    if (analysis.data.status === "succeeded" || analysis.data.status === "failed") {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  check(false, "the analysis ends");
}

async function tokens(): Promise<void> {
  const balance = await api.GET("/api/v1/tokens/balance");
  check(balance.data !== undefined, "the balance");
  const short = await api.POST("/api/v1/tokens/deduct", {
    body: { amount: balance.data.available + 1, transaction_type: "ai_usage" },
    params: { header: { "Idempotency-Key": key() } },
  });
  if (short.error?.code === "TOKEN_INSUFFICIENT_BALANCE") {
    const missing: number = short.error.details.missing_amount;
    check(missing === 1, "one token short");
  } else {
    check(false, "spending more than the balance is refused");
  }
  const ledger = await api.GET("/api/v1/tokens/transactions");
  check((ledger.data?.results.length ?? 0) > 0, "the ledger");
}

async function endOf(dealId: number): Promise<void> {
  const path = { deal_id: dealId };
  const read = await api.GET("/api/v1/deals/{deal_id}", { params: { path } });
  check(read.data !== undefined, "read before deleting");
  const stale = await api.DELETE("/api/v1/deals/{deal_id}", {
    params: { path, header: { "If-Match": `"${read.data.version - 1}"` } },
  });
  check(stale.error?.code === "CONFLICT_VERSION_MISMATCH", "a stale delete deletes nothing");
  const deleted = await api.DELETE("/api/v1/deals/{deal_id}", {
    params: { path, header: { "If-Match": `"${read.data.version}"` } },
  });
  check(deleted.response.status === 204, "delete");
  const gone = await api.GET("/api/v1/deals/{deal_id}", { params: { path } });
  check(gone.error?.code === "RESOURCE_NOT_FOUND", "gone");

  const problem = await api.GET("/api/v1/deals/{deal_id}", {
    params: { path },
    headers: { Accept: "application/problem+json" },
  });
  check(problem.error !== undefined && "instance" in problem.error, "problem details");
}

async function anonymous(): Promise<void> {
  const health = await api.GET("/api/v1/health");
  check(health.data?.status === "ok", "health");
  const catalogue = await api.GET("/api/v1/errors");
  check((catalogue.data?.length ?? 0) > 0, "the error catalogue");
  const forged = await api.GET("/api/v1/auth/me", {
    headers: { Authorization: "Bearer not-a-token" },
  });
  check(forged.error?.code === "AUTH_TOKEN_INVALID", "a forged token");
}

await anonymous();
const pair = await signIn();
access = pair.access;
const me = await api.GET("/api/v1/auth/me");
check(me.data !== undefined, "me");
const dealId = await deals();
await analyse(dealId);
await tokens();
await endOf(dealId);
await refreshAndSignOut(pair.refresh);
writeFileSync(out, JSON.stringify(answers, null, 1));
console.log(`flow: ${answers.length} answers`);
