// The one API client every page uses: JSON in and out, the bearer token, one shared token
// refresh, and errors turned into ApiError / ConnectionError objects that carry the request id.

const API_ROOT = "/api/v1";
const ACCESS_KEY = "deals.access";
const REFRESH_KEY = "deals.refresh";
const NOTICE_KEY = "deals.notice";

// Tokens live in sessionStorage: they survive moving between pages of one tab, end with the tab,
// and never travel in a URL. The pages' Content-Security-Policy forbids inline and foreign
// scripts, which is what keeps another script from reading them.
export const session = {
  get access() {
    return sessionStorage.getItem(ACCESS_KEY);
  },
  get refresh() {
    return sessionStorage.getItem(REFRESH_KEY);
  },
  get active() {
    return Boolean(sessionStorage.getItem(REFRESH_KEY));
  },
  store(pair) {
    sessionStorage.setItem(ACCESS_KEY, pair.access);
    sessionStorage.setItem(REFRESH_KEY, pair.refresh);
  },
  clear() {
    sessionStorage.removeItem(ACCESS_KEY);
    sessionStorage.removeItem(REFRESH_KEY);
  },
};

// A message for the next page to show (for instance "your session expired" on the login page).
export function leaveNotice(notice) {
  sessionStorage.setItem(NOTICE_KEY, JSON.stringify(notice));
}

export function takeNotice() {
  const raw = sessionStorage.getItem(NOTICE_KEY);
  sessionStorage.removeItem(NOTICE_KEY);
  if (!raw) return null;
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

export class ApiError extends Error {
  constructor({ status, code, message, details, requestId, retryAfter }) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details || {};
    this.requestId = requestId || null;
    this.retryAfter = retryAfter;
  }

  get category() {
    return this.code.split("_")[0];
  }
}

export class ConnectionError extends Error {
  constructor(cause) {
    super("Unable to reach the server.");
    this.name = "ConnectionError";
    this.cause = cause;
  }
}

// The request id of the last answer, for reports of failures that happen in page code.
export let lastRequestId = null;

// The login page, told to come back here afterwards.
export function loginUrl() {
  const here = `${window.location.pathname}${window.location.search}`;
  return here.startsWith("/login") || here === "/" ? "/login" : `/login?next=${encodeURIComponent(here)}`;
}

let authLostHandler = (reason) => {
  session.clear();
  if (reason === "expired") {
    leaveNotice({
      title: "Session expired",
      message: "Your session has expired. Please log in again.",
    });
  }
  window.location.assign(loginUrl());
};

// Pages may replace what happens when the session cannot be kept (tests and the login page do).
export function onAuthLost(handler) {
  authLostHandler = handler;
}

function retryAfterSeconds(response, details) {
  const header = Number.parseInt(response.headers.get("Retry-After") || "", 10);
  if (Number.isFinite(header) && header >= 0) return header;
  if (details && Number.isFinite(details.retry_after)) return details.retry_after;
  return null;
}

async function errorFrom(response) {
  const requestId = response.headers.get("X-Request-ID");
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (body && body.status === "error" && typeof body.code === "string") {
    return new ApiError({
      status: response.status,
      code: body.code,
      message: body.message,
      details: body.details,
      requestId: body.request_id || requestId,
      retryAfter: retryAfterSeconds(response, body.details),
    });
  }
  // Not our envelope: a proxy or load balancer answered. Keep the status, say nothing it did not.
  return new ApiError({
    status: response.status,
    code: response.status >= 500 ? "SYSTEM_UPSTREAM_ERROR" : `HTTP_${response.status}`,
    message: "The server answered in an unexpected way.",
    details: {},
    requestId,
    retryAfter: retryAfterSeconds(response, null),
  });
}

async function send(method, path, { body, token, headers }) {
  const init = {
    method,
    headers: { Accept: "application/json", ...headers },
    credentials: "same-origin",
    cache: "no-store",
  };
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(`${API_ROOT}${path}`, init);
  } catch (cause) {
    throw new ConnectionError(cause);
  }
  lastRequestId = response.headers.get("X-Request-ID") || lastRequestId;
  return response;
}

// One refresh at a time, however many requests found the access token expired at once: the
// first starts it, the others wait for the same promise.
let refreshing = null;

async function refreshAccess() {
  const refresh = session.refresh;
  if (!refresh) throw new ApiError({ status: 401, code: "AUTH_NOT_AUTHENTICATED", message: "" });
  const response = await send("POST", "/auth/token/refresh", { body: { refresh } });
  if (!response.ok) throw await errorFrom(response);
  session.store(await response.json());
}

async function renewAccess(expiredToken) {
  // A request that went out with an older token than the current one only needs to be sent
  // again: someone already refreshed (a second refresh would reuse a rotated refresh token).
  if (session.access && session.access !== expiredToken) return;
  if (!refreshing) {
    refreshing = refreshAccess().finally(() => {
      refreshing = null;
    });
  }
  await refreshing;
}

export async function request(method, path, { body, headers, auth = true } = {}) {
  const token = auth ? session.access : null;
  let response = await send(method, path, { body, token, headers });
  if (response.status === 401 && auth) {
    const error = await errorFrom(response);
    if (error.code !== "AUTH_TOKEN_EXPIRED" || !session.refresh) {
      authLostHandler("unauthenticated");
      throw error;
    }
    try {
      await renewAccess(token);
    } catch (refreshError) {
      // Only a refused refresh token ends the session; an outage or a rate limit is reported
      // as what it is, and the user keeps their session for the next try.
      const refused =
        refreshError instanceof ApiError && (refreshError.status === 401 || refreshError.status === 400);
      if (!refused) throw refreshError;
      authLostHandler("expired");
      throw error;
    }
    response = await send(method, path, { body, token: session.access, headers });
    if (response.status === 401) {
      const retried = await errorFrom(response);
      authLostHandler("expired");
      throw retried;
    }
  }
  if (!response.ok) throw await errorFrom(response);
  if (response.status === 204) return null;
  return response.json();
}

export const api = {
  get: (path, options) => request("GET", path, options),
  post: (path, body, options = {}) => request("POST", path, { ...options, body }),
  patch: (path, body, options = {}) => request("PATCH", path, { ...options, body }),
  put: (path, body, options = {}) => request("PUT", path, { ...options, body }),
  delete: (path, options) => request("DELETE", path, options),
};

export async function logIn(email, password) {
  const pair = await request("POST", "/auth/token", { body: { email, password }, auth: false });
  session.store(pair);
  return pair;
}

export function register(name, email, password) {
  return request("POST", "/auth/register", { body: { name, email, password }, auth: false });
}

// Logging out ends the session on the server too: its refresh tokens stop working, whoever holds
// a copy. The request outlives the page (keepalive), so leaving never waits for the answer.
export function logOut() {
  const refresh = session.refresh;
  session.clear();
  if (refresh) {
    fetch(`${API_ROOT}/auth/logout`, {
      method: "POST",
      keepalive: true,
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ refresh }),
    }).catch(() => null);
  }
  window.location.assign("/login");
}

// Where a page's own failure goes: a keepalive POST that outlives the page, never retried,
// never shown to the user if it fails too.
export function reportClientError(report) {
  const pageRequestId = document.querySelector('meta[name="request-id"]')?.content;
  const body = {
    ...report,
    page: window.location.pathname.slice(0, 200),
    ...(pageRequestId ? { page_request_id: pageRequestId } : {}),
    ...(lastRequestId ? { last_request_id: lastRequestId } : {}),
  };
  return fetch(`${API_ROOT}/client-errors`, {
    method: "POST",
    keepalive: true,
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
  }).catch(() => null);
}

export function newIdempotencyKey() {
  return crypto.randomUUID();
}
