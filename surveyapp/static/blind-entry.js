/**
 * Blind-signature entry for the respondent page (RFC 9474, RSABSSA-SHA384-PSS-Randomized).
 *
 * The page is given the unit's public key: its SubjectPublicKeyInfo DER as base64url, exactly
 * as surveyapp/domain/blind_rsa publishes it, with its fingerprint (SHA-256 of that DER, hex).
 * startEntry makes a random message, prepares and blinds it; only `blindedMessage` goes to the
 * server, which signs it without seeing the message. finishEntry unblinds the server's answer and
 * checks it here, so a wrong key or a tampered answer is caught before anything is kept. The
 * result, {message, signature}, is what a response is submitted with later, from any browser.
 *
 * `inverse` is what could link the two halves (it turns the server's answer into the signature
 * the server will later see): it must stay in this browser and be dropped after finishEntry.
 * Every value crossing this module's boundary is base64url text without padding.
 */
import { RSABSSA } from "./vendor/blindrsa-ts/index.js";

const suite = RSABSSA.SHA384.PSS.Randomized();
const KEY_ALGORITHM = { name: "RSA-PSS", hash: "SHA-384" };
const MESSAGE_BYTES = 32;

/**
 * A blind-signature step failed; `message` says what, in words a respondent can be shown, and
 * `code` names it, for a page to say it in its own language.
 */
export class BlindEntryError extends Error {
  constructor(message, cause, code = "") {
    super(message, { cause });
    this.name = "BlindEntryError";
    this.code = code;
  }
}

/** True where this path can work: WebCrypto is only there on secure (HTTPS) pages. */
export function isSupported() {
  return Boolean(globalThis.isSecureContext && globalThis.crypto && globalThis.crypto.subtle);
}

export function toBase64url(bytes) {
  let binary = "";
  for (const byte of bytes) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64url(text, what = "value") {
  if (typeof text !== "string" || !/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
    throw new BlindEntryError(`The ${what} is not base64url text.`);
  }
  const padding = "=".repeat((4 - (text.length % 4)) % 4);
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + padding;
  return Uint8Array.from(atob(padded), (character) => character.charCodeAt(0));
}

async function importUnitKey(publicKey) {
  const der = fromBase64url(publicKey, "unit's public key");
  try {
    // Extractable because blindrsa-ts reads the modulus out of the key; it is a public key.
    return await crypto.subtle.importKey("spki", der, KEY_ALGORITHM, true, ["verify"]);
  } catch (error) {
    throw new BlindEntryError("The unit's public key could not be read.", error, "keyUnreadable");
  }
}

/** SHA-256 of the key's SPKI DER as 64 lower-case hex digits, as the server computes it. */
export async function keyFingerprint(publicKey) {
  const der = fromBase64url(publicKey, "unit's public key");
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", der));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Whether the key has the fingerprint published for the unit (spaces, colons, case ignored). */
export async function checkKeyFingerprint(publicKey, expected) {
  const wanted = String(expected).toLowerCase().replace(/[\s:]/g, "");
  return (await keyFingerprint(publicKey)) === wanted;
}

/** A fresh random message, prepared and blinded for the unit's key. */
export async function startEntry(publicKey) {
  const key = await importUnitKey(publicKey);
  const message = suite.prepare(crypto.getRandomValues(new Uint8Array(MESSAGE_BYTES)));
  let blinded;
  try {
    blinded = await suite.blind(key, message);
  } catch (error) {
    throw new BlindEntryError(
      "The message could not be blinded; please try again.",
      error,
      "notBlinded",
    );
  }
  return {
    message: toBase64url(message),
    blindedMessage: toBase64url(blinded.blindedMsg),
    inverse: toBase64url(blinded.inv),
  };
}

/** Unblind the server's blind signature and check it with the unit's key. */
export async function finishEntry(publicKey, started, blindSignature) {
  const key = await importUnitKey(publicKey);
  const message = fromBase64url(started.message, "message");
  const inverse = fromBase64url(started.inverse, "blinding inverse");
  const answer = fromBase64url(blindSignature, "blind signature");
  let signature;
  try {
    signature = await suite.finalize(key, message, answer, inverse);
  } catch (error) {
    throw new BlindEntryError(
      "The signature from the server does not check out with this unit's key.",
      error,
      "badSignature",
    );
  }
  return { message: started.message, signature: toBase64url(signature) };
}
