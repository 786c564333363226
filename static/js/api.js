// The one API client every page uses: JSON in and out, the bearer token, one shared token
// refresh, and errors turned into ApiError / ConnectionError objects that carry the request id.

const API_ROOT = "/api/v1";
const NOTICE_KEY = "deals.notice";

// The access token lives in this page's memory only; the refresh token in an HttpOnly,
// SameSite=Strict cookie that the browser sends to /api/v1/auth/session/* and that no script can
// read. A new tab or a reload restores the session from the cookie (restoreSession) and never
// sees the refresh token; tokens never travel in a URL.
let accessToken = null;

export const session = {
  get access() {
    return accessToken;
  },
  get active() {
    return accessToken !== null;
  },
  store(access) {
    accessToken = access;
  },
  clear() {
    accessToken = null;
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

// A refused refresh ("expired") or a refused access token that is not merely expired
// ("unauthenticated"): either way the session is over. It is ended on the server too (its cookie
// cleared), so the login page does not restore it and send the user straight back.
let authLostHandler = async (reason) => {
  session.clear();
  if (reason === "expired") {
    leaveNotice({
      title: "Session expired",
      message: "Your session has expired. Please log in again.",
    });
  }
  await fetch(`${API_ROOT}/auth/session/logout`, {
    method: "POST",
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  }).catch(() => null);
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

async function send(method, path, { body, token, headers, keepalive = false }) {
  const init = {
    method,
    headers: { Accept: "application/json", ...headers },
    credentials: "same-origin",
    cache: "no-store",
    keepalive,
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

// Tabs of this site take turns (a Web Lock): each refresh spends the cookie the one before it
// set. Should two spend the same one after all (no Web Locks; an answer lost on the way), the
// server answers the late one with the session's current token again, for a short while,
// rather than refuse it.
function refreshAccess() {
  if (navigator.locks) return navigator.locks.request("deals-session-refresh", rotateCookie);
  return rotateCookie();
}

// A refresh outlives its page (keepalive): when the user navigates while it is in flight, the
// browser still stores the rotated cookie the answer carries, instead of keeping the spent one.
async function rotateCookie() {
  const response = await send("POST", "/auth/session/refresh", { keepalive: true });
  if (!response.ok) throw await errorFrom(response);
  session.store((await response.json()).access);
}

function renewAccess(expiredToken) {
  // A request that went out with an older token than the current one only needs to be sent
  // again: someone already refreshed.
  if (session.access && session.access !== expiredToken) return Promise.resolve();
  if (!refreshing) {
    refreshing = refreshAccess().finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

// On every signed-in page and on the login page: the session of this browser, if it has one.
// Resolves "active", "none" (never signed in here, or signed out) or "refused" (the cookie's
// session ended: expired, revoked or replayed).
export async function restoreSession() {
  if (session.active) return "active";
  try {
    await renewAccess(null);
    return "active";
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    return error.code === "AUTH_NOT_AUTHENTICATED" ? "none" : "refused";
  }
}

export async function request(method, path, { body, headers, auth = true } = {}) {
  const token = auth ? session.access : null;
  let response = await send(method, path, { body, token, headers });
  if (response.status === 401 && auth) {
    const error = await errorFrom(response);
    if (error.code !== "AUTH_TOKEN_EXPIRED") {
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
  const answer = await request("POST", "/auth/session", { body: { email, password }, auth: false });
  session.store(answer.access);
  return answer;
}

export function register(name, email, password) {
  return request("POST", "/auth/register", { body: { name, email, password }, auth: false });
}

// Logging out ends the session on the server too (its refresh tokens stop working, whoever holds
// a copy) and clears the cookie. The request outlives the page (keepalive).
export function logOut() {
  session.clear();
  fetch(`${API_ROOT}/auth/session/logout`, {
    method: "POST",
    keepalive: true,
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  })
    .catch(() => null)
    .finally(() => window.location.assign("/login"));
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
