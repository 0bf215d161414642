/**
 * The "get your token" page: check the team key against its published fingerprint, make and
 * blind a random message, have it signed, unblind and check the signature, then show and keep
 * the token. Only the blinded message leaves this page; the blinding inverse is dropped here.
 */
import {
  BlindEntryError,
  checkKeyFingerprint,
  finishEntry,
  isSupported,
  keyFingerprint,
  startEntry,
} from "./blind-entry.js";
import { saveToken } from "./token-store.js";

const root = document.getElementById("blind-token");
const problem = document.getElementById("token-problem");
// The page's messages in its language (the server's catalogue); English if the page has none.
const said = JSON.parse(root.dataset.messages || "{}");

function say(code, english) {
  return said[code] || english;
}

function show(id) {
  document.getElementById(id).hidden = false;
}

function fail(text) {
  document.getElementById("token-problem-text").textContent = text;
  document.getElementById("token-start").hidden = true;
  problem.hidden = false;
  problem.focus();
}

async function signBlinded(blindedMessage) {
  const response = await fetch(root.dataset.signUrl, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf },
    body: JSON.stringify({ blinded_message: blindedMessage }),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok || typeof answer.blind_signature !== "string") {
    throw new BlindEntryError(
      answer.error || say("serverFailed", "The server could not sign your token."),
    );
  }
  return answer.blind_signature;
}

async function makeToken() {
  document.getElementById("make-token").disabled = true;
  const { publicKey, fingerprint, wave } = root.dataset;
  try {
    if (!(await checkKeyFingerprint(publicKey, fingerprint))) {
      throw new BlindEntryError(
        say("keyMismatch", "The team key does not match its fingerprint. Nothing was signed."),
      );
    }
    // The token names its key by the start of the key's own fingerprint, worked out here: a
    // key id sent by the server could differ from person to person while the key did not.
    const keyId = (await keyFingerprint(publicKey)).slice(0, 16);
    let started = await startEntry(publicKey);
    const blindSignature = await signBlinded(started.blindedMessage);
    const finished = await finishEntry(publicKey, started, blindSignature);
    started = null;
    const token = ["sv1", wave, keyId, finished.message, finished.signature].join(".");
    document.getElementById("token-text").value = token;
    const download = document.getElementById("download-token");
    download.href = URL.createObjectURL(new Blob([token + "\n"], { type: "text/plain" }));
    saveToken(wave, token);
    document.getElementById("token-start").hidden = true;
    show("token-made");
    document.getElementById("token-heading").focus();
  } catch (error) {
    fail(
      error instanceof BlindEntryError
        ? say(error.code, error.message)
        : say("failed", "Your token could not be made."),
    );
  }
}

if (!isSupported()) {
  fail(
    say(
      "unsupported",
      "This browser cannot make a token here: it needs JavaScript and WebCrypto, which " +
        "browsers offer on secure (HTTPS) pages. Ask the survey team for a typed code instead.",
    ),
  );
} else {
  show("token-start");
  document.getElementById("make-token").addEventListener("click", makeToken);
  document.getElementById("copy-token").addEventListener("click", async () => {
    const status = document.getElementById("copy-status");
    try {
      await navigator.clipboard.writeText(document.getElementById("token-text").value);
      status.textContent = say("copied", "The token was copied.");
    } catch {
      document.getElementById("token-text").select();
      status.textContent = say("selectToCopy", "Select the token and copy it.");
    }
  });
}
