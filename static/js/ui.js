// What the user sees of a failure: notifications titled by the error's category, field errors
// beside their inputs, and an error boundary that replaces a broken page part.

import { ApiError, ConnectionError, reportClientError } from "./api.js";

// What a person reads above an error's message, by the code's category.
const TITLES = {
  VALIDATION: "Please check what you entered",
  AUTH: "Please sign in again",
  FORBIDDEN: "Not allowed",
  RESOURCE: "Not found",
  CONFLICT: "Changed elsewhere",
  RATE: "Too many requests",
  INTEGRATION: "Service unavailable",
  SYSTEM: "Something went wrong",
  TOKEN: "Not enough tokens",
  AI: "The analysis failed",
};

const NOTICE_LIFETIME_MS = 12000;

export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

// A notice stands next to what it is about: `near` (a form, a button, a section) gets a slot just
// above it, and a new notice there replaces the one before; without `near`, the page's own region
// at the top. Either way it is scrolled into view, so an answer is never off screen.
function slotFor(near) {
  if (!near) return document.querySelector("[data-notifications]");
  const before = near.previousElementSibling;
  if (before?.hasAttribute("data-notice-slot")) return before;
  const slot = element("div", { class: "notice-slot", "data-notice-slot": true, "aria-live": "polite" });
  near.before(slot);
  return slot;
}

// A new attempt at what a notice answered: the old answer goes.
export function clearNotice(near) {
  const before = near.previousElementSibling;
  if (before?.hasAttribute("data-notice-slot")) before.replaceChildren();
}

export function notify({ title, message, requestId = null, kind = "error", sticky = false, near = null }) {
  const notice = element(
    "div",
    { class: `notice notice-${kind}`, role: kind === "error" ? "alert" : "status" },
    element("p", { class: "notice-title", text: title }),
    element("p", { class: "notice-message", text: message }),
  );
  if (requestId) {
    notice.append(
      element("p", { class: "notice-request" }, "Request id: ", element("code", { text: requestId })),
    );
  }
  const close = element("button", { type: "button", class: "notice-close", "aria-label": "Dismiss" }, "×");
  close.addEventListener("click", () => notice.remove());
  notice.append(close);
  const slot = slotFor(near);
  slot.replaceChildren(notice);
  notice.scrollIntoView?.({ block: "nearest" });
  if (!sticky && kind !== "error") setTimeout(() => notice.remove(), NOTICE_LIFETIME_MS);
  return notice;
}

// Codes whose category title would mislead: a wrong password is not a lost session.
const CODE_TITLES = { AUTH_INVALID_CREDENTIALS: "Sign-in failed" };

export function titleFor(code) {
  if (CODE_TITLES[code]) return CODE_TITLES[code];
  const prefix = code.startsWith("RATE_LIMIT_") ? "RATE" : code.split("_")[0];
  return TITLES[prefix] || "Error";
}

function plural(count, word) {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

// A wait as a person says it: seconds when short, minutes, then hours.
export function waitText(seconds) {
  if (seconds < 90) return plural(Math.max(1, Math.ceil(seconds)), "second");
  if (seconds < 90 * 60) return `about ${plural(Math.ceil(seconds / 60), "minute")}`;
  return `about ${plural(Math.ceil(seconds / 3600), "hour")}`;
}

// Where a person writes for more tokens: the site's support address (SUPPORT_EMAIL).
function supportAddress() {
  return document.body.dataset.supportEmail || "";
}

// The text a user reads for an error. SYSTEM_ internals are never shown: a generic sentence and
// the request id to quote to support instead.
export function describe(error) {
  if (error instanceof ConnectionError) {
    return {
      title: "Connection Error",
      message: "Unable to connect to the server. Please check your connection and try again.",
      requestId: null,
    };
  }
  if (!(error instanceof ApiError)) {
    return { title: "Error", message: "Something went wrong.", requestId: null };
  }
  const title = error.status === 503 ? "Service unavailable" : titleFor(error.code);
  if (error.code.startsWith("SYSTEM_")) {
    return {
      title,
      message:
        "Something went wrong on our side. Please try again in a moment; if it keeps " +
        "happening, contact support and quote the request id below.",
      requestId: error.requestId,
    };
  }
  if (error.status === 429) {
    const wait = error.retryAfter ?? 1;
    return {
      title,
      message: `Please wait a little: you can try again in ${waitText(wait)}.`,
      requestId: error.requestId,
    };
  }
  if (error.code === "TOKEN_INSUFFICIENT_BALANCE") {
    const { required_amount: required, available_balance: available } = error.details || {};
    const address = supportAddress();
    const ask = address ? `write to ${address}` : "ask support";
    return {
      title,
      message:
        `This needs ${required ?? "more"} tokens and you have ${available ?? "fewer"} available. ` +
        `To get more tokens, ${ask}: support can add tokens to your account.`,
      requestId: error.requestId,
    };
  }
  return { title, message: error.message, requestId: error.requestId };
}

export function notifyError(error, near = null) {
  if (!(error instanceof ApiError) && !(error instanceof ConnectionError)) throw error;
  console.error(error.name, error.code || "", error.message, error.requestId || "");
  return notify({ ...describe(error), kind: "error", near });
}

export function clearFieldErrors(form) {
  for (const message of form.querySelectorAll(".field-error")) {
    message.textContent = "";
    message.hidden = true;
  }
  for (const input of form.querySelectorAll("[aria-invalid]")) {
    input.removeAttribute("aria-invalid");
    const describedBy = (input.getAttribute("aria-describedby") || "")
      .split(" ")
      .filter((id) => id && !id.endsWith("-error"));
    if (describedBy.length) input.setAttribute("aria-describedby", describedBy.join(" "));
    else input.removeAttribute("aria-describedby");
  }
  const formError = form.querySelector("[data-form-error]");
  if (formError) {
    formError.textContent = "";
    formError.hidden = true;
  }
}

// Puts each field's messages next to its input; what has no input goes to the form's own line.
// Returns true when the error was a validation error placed on the form.
// Conflicts that are about one field's value, shown beside that field like a validation error.
const FIELD_OF_CONFLICT = { CONFLICT_EMAIL_EXISTS: "email", CONFLICT_DUPLICATE_DEAL: "url" };

function fieldMessages(form, error) {
  if (!(error instanceof ApiError)) return null;
  if (error.code.startsWith("VALIDATION_")) return error.details;
  const field = FIELD_OF_CONFLICT[error.code];
  if (field && form.elements.namedItem(field)) return { [field]: [error.message] };
  return null;
}

export function showFieldErrors(form, error) {
  clearFieldErrors(form);
  const fields = fieldMessages(form, error);
  if (!fields) return false;
  const leftovers = [];
  let firstInvalid = null;
  for (const [field, messages] of Object.entries(fields)) {
    const text = Array.isArray(messages) ? messages.join(" ") : String(messages);
    const input = form.elements.namedItem(field.split(".")[0]);
    if (!input || !input.id) {
      leftovers.push(text);
      continue;
    }
    const message = document.getElementById(`${input.id}-error`);
    message.textContent = text;
    message.hidden = false;
    input.setAttribute("aria-invalid", "true");
    const describedBy = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    input.setAttribute("aria-describedby", [...describedBy, message.id].join(" "));
    firstInvalid ||= input;
  }
  const formError = form.querySelector("[data-form-error]");
  if (formError && (leftovers.length || !firstInvalid)) {
    formError.textContent = leftovers.length ? leftovers.join(" ") : error.message;
    formError.hidden = false;
  }
  firstInvalid?.focus();
  return true;
}

// The error boundary: page code runs through guard(); anything it throws or rejects with, and
// any uncaught error or unhandled rejection in the page, replaces the guarded part with a panel
// offering "Refresh Page" and "Try Again", and is reported to the server.
const boundary = { region: null, original: null, render: null, tripped: false };

function report(kind, error) {
  console.error("Uncaught error in page code:", error);
  reportClientError({
    kind,
    message: String(error?.message || error || "unknown error").slice(0, 1000),
    stack: String(error?.stack || "").slice(0, 8000),
  });
}

function trip(kind, error) {
  report(kind, error);
  if (boundary.tripped || !boundary.region) return;
  boundary.tripped = true;
  const retry = element("button", { type: "button", "data-boundary-retry": true }, "Try Again");
  const refresh = element("button", { type: "button", class: "secondary", "data-boundary-refresh": true }, "Refresh Page");
  retry.addEventListener("click", () => {
    boundary.tripped = false;
    boundary.region.replaceChildren(...boundary.original.map((node) => node.cloneNode(true)));
    run(boundary.render);
  });
  refresh.addEventListener("click", () => window.location.reload());
  const panel = element(
    "section",
    { class: "card boundary", role: "alert", "data-boundary-panel": true },
    element("h1", { text: "Something went wrong" }),
    element("p", { text: "This part of the page ran into an unexpected error. It has been reported." }),
    element("div", { class: "actions" }, retry, refresh),
  );
  boundary.region.replaceChildren(panel);
  retry.focus();
}

function run(render) {
  try {
    const result = render();
    if (result && typeof result.then === "function") {
      result.catch((error) => handleRenderFailure(error));
    }
  } catch (error) {
    handleRenderFailure(error);
  }
}

function handleRenderFailure(error) {
  // Failures of the API are expected and already have their notification; only a bug trips
  // the boundary.
  if (error instanceof ApiError || error instanceof ConnectionError) {
    notifyError(error);
    return;
  }
  trip("error", error);
}

export function guard(region, render) {
  boundary.region = region;
  boundary.original = Array.from(region.childNodes).map((node) => node.cloneNode(true));
  boundary.render = render;
  window.addEventListener("error", (event) => trip("error", event.error || event.message));
  window.addEventListener("unhandledrejection", (event) => {
    const reason = event.reason;
    if (reason instanceof ApiError || reason instanceof ConnectionError) {
      event.preventDefault();
      notifyError(reason);
      return;
    }
    trip("unhandledrejection", reason);
  });
  run(render);
}

export function setBusy(node, busy) {
  if (busy) node.setAttribute("aria-busy", "true");
  else node.removeAttribute("aria-busy");
}
