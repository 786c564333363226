// The account page: a new password, the sign-in sessions with "Sign out everywhere else", the
// webhooks (webhooks.js), and where more tokens come from. All calls go through api.js and every failure through ui.js.

import { api } from "./api.js";
import { clearFieldErrors, element, notify, notifyError, setBusy, showFieldErrors } from "./ui.js";
import { webhooksSection } from "./webhooks.js";

const dateTime = (iso) => new Date(iso).toLocaleString();

function plural(count, word) {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function endedText(ended) {
  if (!ended) return "No other session was signed in; this one stays signed in.";
  const verb = ended === 1 ? "was" : "were";
  return `Your ${plural(ended, "other session")} ${verb} signed out; this one stays signed in.`;
}

function moment(label, iso) {
  return element("span", {}, `${label} `, element("time", { datetime: iso, text: dateTime(iso) }));
}

function sessionItem(session) {
  return element(
    "li",
    { class: "session-item", "data-session": session.id, "data-current": session.current },
    element(
      "p",
      { class: "session-name" },
      moment("Signed in", session.created_at),
      session.current ? element("span", { class: "badge", text: "This browser" }) : null,
    ),
    element(
      "p",
      { class: "session-when muted" },
      moment("Last active", session.refreshed_at || session.created_at),
      " · ",
      moment("signed out if unused by", session.expires_at),
    ),
  );
}

async function loadSessions(section) {
  const list = section.querySelector("[data-sessions]");
  const endOthers = section.querySelector("[data-end-others]");
  endOthers.disabled = true;
  setBusy(list, true);
  try {
    const sessions = await api.get("/auth/sessions");
    // This browser's session first, then the others as the API gives them: newest first.
    const others = sessions.filter((session) => !session.current);
    const here = sessions.filter((session) => session.current);
    list.replaceChildren(...[...here, ...others].map(sessionItem));
    const where = others.length === 1 ? "another browser, device or API client" : "other browsers, devices or API clients";
    section.querySelector("[data-sessions-summary]").textContent = others.length
      ? `Signed in here and in ${plural(others.length, "other session")} (${where}).`
      : "Signed in here only.";
    endOthers.disabled = others.length === 0;
  } finally {
    setBusy(list, false);
  }
}

// Ends every other session; a refusal leaves the list as it was (a 401 has already sent this
// browser to the login page).
function listenForEndOthers(section) {
  const endOthers = section.querySelector("[data-end-others]");
  endOthers.addEventListener("click", async () => {
    endOthers.disabled = true;
    let answer;
    try {
      answer = await api.post("/auth/sessions/end-others");
    } catch (error) {
      endOthers.disabled = false;
      notifyError(error);
      return;
    }
    notify({ kind: "success", title: "Signed out everywhere else", message: endedText(answer.ended_sessions) });
    await loadSessions(section);
  });
}

// Passwords are sent as the login and registration pages send them: without spaces at either end.
function listenForPassword(form, section) {
  const button = form.querySelector('button[type="submit"]');
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {
      current_password: form.elements.namedItem("current_password").value.trim(),
      new_password: form.elements.namedItem("new_password").value.trim(),
    };
    button.disabled = true;
    setBusy(form, true);
    clearFieldErrors(form);
    let answer;
    try {
      answer = await api.post("/auth/password", body);
    } catch (error) {
      if (!showFieldErrors(form, error)) notifyError(error);
      return;
    } finally {
      button.disabled = false;
      setBusy(form, false);
    }
    form.reset();
    notify({ kind: "success", title: "Password changed", message: endedText(answer.ended_sessions) });
    await loadSessions(section);
  });
  // Enabled once this script listens: before, a submit would be the browser's own, with the
  // passwords in the address.
  button.disabled = false;
}

export async function accountPage() {
  const section = document.querySelector("[data-sessions-section]");
  listenForPassword(document.querySelector('[data-form="password"]'), section);
  listenForEndOthers(section);
  await Promise.all([loadSessions(section), webhooksSection()]);
}
